package e2enode

import (
	"fmt"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/podpatterns/podpatterns/mutators"
	"github.com/podpatterns/podpatterns/test/nodestack"
)

// injectNamespace is a namespace the mutating webhook serves.
func injectNamespace(t *testing.T, prefix string) string {
	return newNamespace(t, prefix, map[string]string{mutators.LabelInject: mutators.InjectEnabled})
}

// TestSidecarStartsFirstAndRestartsAlone: the injected helper is a native sidecar (an
// init container with restartPolicy Always); its process starts before the app's, and
// when it dies the kubelet restarts it alone — the app keeps its process.
func TestSidecarStartsFirstAndRestartsAlone(t *testing.T) {
	needRelease(t)
	ns := injectNamespace(t, "sidecar")
	pod := runPod(t, ns, nodestack.AppPod("with-sidecar", map[string]string{mutators.AnnotationSidecars: nodestack.SidecarTemplate}))
	if len(pod.Spec.InitContainers) == 0 || pod.Spec.InitContainers[0].RestartPolicy == nil ||
		*pod.Spec.InitContainers[0].RestartPolicy != corev1.ContainerRestartPolicyAlways {
		t.Fatalf("the sidecar is not a native sidecar: init containers %+v", pod.Spec.InitContainers)
	}
	helperPID, appPID := containerPID(t, status(t, pod, nodestack.SidecarTemplate)), containerPID(t, status(t, pod, "app"))
	if hs, as := processStart(t, helperPID), processStart(t, appPID); hs > as {
		t.Errorf("the sidecar's process started after the app's (ticks %d > %d)", hs, as)
	}
	appID := status(t, pod, "app").ContainerID
	if err := syscall.Kill(helperPID, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	pod = waitPod(t, ns, pod.Name, time.Minute, "with the sidecar restarted", func(p *corev1.Pod) bool {
		for _, cs := range p.Status.InitContainerStatuses {
			if cs.Name == nodestack.SidecarTemplate {
				return cs.RestartCount >= 1 && cs.State.Running != nil
			}
		}
		return false
	})
	if app := status(t, pod, "app"); app.RestartCount != 0 || app.ContainerID != appID {
		t.Errorf("the app restarted with its sidecar: restarts %d, container %s (was %s)", app.RestartCount, app.ContainerID, appID)
	}
}

// TestAdapterServesAtPodIP: the adapter listens on its port at the pod's IP.
func TestAdapterServesAtPodIP(t *testing.T) {
	needRelease(t)
	ns := injectNamespace(t, "adapter")
	pod := runPod(t, ns, nodestack.AppPod("with-adapter", map[string]string{mutators.AnnotationAdapters: nodestack.AdapterTemplate}))
	body, err := eventuallyGet(fmt.Sprintf("http://%s:%d/hostname", pod.Status.PodIP, nodestack.AdapterPort), 30*time.Second)
	if err != nil || body != pod.Name {
		t.Fatalf("GET the adapter at %s:%d = %q, %v; want the pod's hostname %q", pod.Status.PodIP, nodestack.AdapterPort, body, err, pod.Name)
	}
}

// TestAmbassadorOnLocalhost: the app's process has the injected env, and the app
// reaches the ambassador at $PROXY_HOST:$PROXY_PORT (netexec's /dial runs in the app).
func TestAmbassadorOnLocalhost(t *testing.T) {
	needRelease(t)
	ns := injectNamespace(t, "ambassador")
	pod := runPod(t, ns, nodestack.AppPod("with-ambassador", map[string]string{mutators.AnnotationAmbassadors: nodestack.AmbassadorTemplate}))
	env := processEnv(t, containerPID(t, status(t, pod, "app")))
	if env["PROXY_HOST"] != "localhost" || env["PROXY_PORT"] != strconv.Itoa(nodestack.AmbassadorPort) {
		t.Fatalf("the app runs with PROXY_HOST=%q PROXY_PORT=%q", env["PROXY_HOST"], env["PROXY_PORT"])
	}
	url := fmt.Sprintf("http://%s:8080/dial?request=hostname&protocol=http&host=%s&port=%s&tries=1",
		pod.Status.PodIP, env["PROXY_HOST"], env["PROXY_PORT"])
	body, err := eventuallyGet(url, 30*time.Second)
	if err != nil || !strings.Contains(body, pod.Name) {
		t.Fatalf("the app dialing the ambassador: %q, %v; want a response naming %q", body, err, pod.Name)
	}
}

// TestDownwardAPIHoldsRealValues: the files and env the app sees hold the pod's real
// name, namespace, IP, node and limits.
func TestDownwardAPIHoldsRealValues(t *testing.T) {
	needRelease(t)
	ns := injectNamespace(t, "downward")
	p := nodestack.AppPod("self-aware", map[string]string{mutators.AnnotationDownwardAPI: "true"})
	p.Spec.Containers[0].Resources = corev1.ResourceRequirements{
		Requests: resources("50m", "32Mi"), Limits: resources("100m", "64Mi"),
	}
	pod := runPod(t, ns, p)
	pid := containerPID(t, status(t, pod, "app"))
	env := processEnv(t, pid)
	for k, want := range map[string]string{"POD_NAME": pod.Name, "POD_NAMESPACE": ns, "POD_IP": pod.Status.PodIP, "NODE_NAME": pod.Spec.NodeName} {
		if env[k] != want {
			t.Errorf("env %s = %q, want %q", k, env[k], want)
		}
	}
	for file, want := range map[string]string{
		"resources/app/limits.cpu": "100", "resources/app/requests.cpu": "50",
		"resources/app/limits.memory": "67108864", "resources/app/requests.memory": "33554432",
	} {
		if got := containerFile(t, pid, nodestack.PodInfoMountPath+"/"+file); got != want {
			t.Errorf("/etc/podinfo/%s = %q, want %q", file, got, want)
		}
	}
	if got := containerFile(t, pid, nodestack.PodInfoMountPath+"/annotations"); !strings.Contains(got, mutators.AnnotationDownwardAPI) {
		t.Errorf("/etc/podinfo/annotations lacks the pod's annotations: %q", got)
	}
}

func resources(cpu, memory string) corev1.ResourceList {
	return corev1.ResourceList{corev1.ResourceCPU: mustQuantity(cpu), corev1.ResourceMemory: mustQuantity(memory)}
}

// deletePod deletes with the pod's own grace period.
func deletePod(t *testing.T, ns, name string) {
	t.Helper()
	if err := env.Cluster.Client.CoreV1().Pods(ns).Delete(ctxFor(t, 10*time.Second), name, metav1.DeleteOptions{}); err != nil {
		t.Fatal(err)
	}
}
