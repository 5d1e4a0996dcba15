package main

import (
	"context"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/client-go/kubernetes"

	"github.com/podpatterns/podpatterns/mutators"
	"github.com/podpatterns/podpatterns/test/nodestack"
)

// Namespaces of the runtime part.
const (
	nsRuntime      = "demo-runtime"
	nsRolloutPlain = "demo-rollout-plain"
	nsRolloutPre   = "demo-rollout-prestop"
)

// renderedFile is the file the app reads, rendered by the config template.
const renderedFile = nodestack.RenderedMountPath + "/app.conf"

// runtimeEvidence is what the node showed: the injected containers running, the file
// the app reads, a drain, and the rollout experiment.
type runtimeEvidence struct {
	Pod            *corev1.Pod
	Rendered, Want string
	// SelfEnv is the app process's Downward API env, Annotations its volume's file.
	SelfEnv       map[string]string
	Annotations   string
	Serving, Gone time.Duration
	Grace         time.Duration
	Without, With nodestack.RolloutResult
	Took          time.Duration
}

// collectRuntime runs the pod in a platform namespace (nodestack.PlatformLabels), reads its rendered file through the app's process,
// deletes it to time the drain, and rolls the experiment's Deployment without and with
// podpatterns.io/prestop.
func collectRuntime(ctx context.Context, c kubernetes.Interface) (*runtimeEvidence, error) {
	begin := time.Now()
	ev := &runtimeEvidence{Want: "name=" + nodestack.EveryPatternParam + "\nnamespace=" + nsRuntime + "\n"}
	if err := nodestack.CreateNamespace(ctx, c, nsRuntime, nodestack.PlatformLabels()); err != nil {
		return nil, err
	}
	if err := nodestack.SetUpPlatform(ctx, c, nsRuntime); err != nil {
		return nil, err
	}
	say("running a pod with every pattern on the node, in a platform namespace (Pod Security restricted, a LimitRange)")
	pod, err := nodestack.RunPod(ctx, c, nsRuntime, nodestack.Restricted(nodestack.AppPod("everything", nodestack.EveryPatternAnnotations())))
	if err != nil {
		return nil, err
	}
	ev.Pod, ev.Grace = pod, time.Duration(*pod.Spec.TerminationGracePeriodSeconds)*time.Second
	if ev.Rendered, err = appFile(pod, renderedFile); err != nil {
		return nil, err
	}
	if ev.SelfEnv, ev.Annotations, err = selfAwareness(pod); err != nil {
		return nil, err
	}
	say("deleting it: how long does it keep serving?")
	if ev.Serving, ev.Gone, err = nodestack.ServingAfterDelete(ctx, c, nsRuntime, pod.Name, pod.Status.PodIP); err != nil {
		return nil, err
	}
	inject := map[string]string{mutators.LabelInject: mutators.InjectEnabled}
	if ev.Without, ev.With, err = rollouts(ctx, c, inject); err != nil {
		return nil, err
	}
	ev.Took = time.Since(begin)
	return ev, nil
}

// appFile reads path as the app container's process sees it.
func appFile(pod *corev1.Pod, path string) (string, error) {
	pid, err := appPID(pod)
	if err != nil {
		return "", err
	}
	return nodestack.ContainerFile(pid, path)
}

// appPID is the app container's main process.
func appPID(pod *corev1.Pod) (int, error) {
	cs, err := nodestack.Status(pod, "app")
	if err != nil {
		return 0, err
	}
	return nodestack.ContainerPID(cs)
}

// selfAwareness reads what the app's process knows of itself through the Downward
// API: its env and the volume's annotations file.
func selfAwareness(pod *corev1.Pod) (env map[string]string, annotations string, err error) {
	pid, err := appPID(pod)
	if err != nil {
		return nil, "", err
	}
	if env, err = nodestack.ProcessEnv(pid); err != nil {
		return nil, "", err
	}
	annotations, err = nodestack.ContainerFile(pid, nodestack.PodInfoMountPath+"/annotations")
	return env, annotations, err
}

// rollouts is the experiment of the lifecycle notes, once without podpatterns and once
// with podpatterns.io/prestop.
func rollouts(ctx context.Context, c kubernetes.Interface, inject map[string]string) (without, with nodestack.RolloutResult, err error) {
	say("rolling a Deployment of %d netexec replicas behind an ingress %s behind the EndpointSlices, without podpatterns", nodestack.RolloutReplicas, nodestack.IngressDelay)
	if err = nodestack.CreateNamespace(ctx, c, nsRolloutPlain, nil); err != nil {
		return without, with, err
	}
	if without, err = nodestack.Rollout(ctx, c, nsRolloutPlain, nil); err != nil {
		return without, with, err
	}
	say("the same with podpatterns.io/prestop")
	if err = nodestack.CreateNamespace(ctx, c, nsRolloutPre, inject); err != nil {
		return without, with, err
	}
	with, err = nodestack.Rollout(ctx, c, nsRolloutPre, map[string]string{mutators.AnnotationPreStop: "true"})
	return without, with, err
}
