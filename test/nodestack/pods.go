package nodestack

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/client-go/kubernetes"
)

// AgnhostPod runs agnhost with args as container "app"; netexec gets a readiness probe
// on its port 8080.
func AgnhostPod(name string, args ...string) *corev1.Pod {
	app := AgnhostContainer("app", args...)
	if len(args) > 0 && args[0] == "netexec" {
		app.ReadinessProbe = &corev1.Probe{
			ProbeHandler:  corev1.ProbeHandler{HTTPGet: &corev1.HTTPGetAction{Path: "/hostname", Port: intstr.FromInt32(8080)}},
			PeriodSeconds: 1,
		}
	}
	return &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{Name: name},
		Spec: corev1.PodSpec{
			TerminationGracePeriodSeconds: new(int64(2)),
			Containers:                    []corev1.Container{app},
		},
	}
}

// AgnhostContainer is a container of the agnhost image imported on the node.
func AgnhostContainer(name string, args ...string) corev1.Container {
	return corev1.Container{Name: name, Image: AgnhostImage, ImagePullPolicy: corev1.PullNever, Args: args}
}

// AppPod is agnhost netexec on :8080 as "app", with the pattern annotations.
func AppPod(name string, annotations map[string]string) *corev1.Pod {
	p := AgnhostPod(name, "netexec", "--http-port=8080", "--udp-port=8080")
	p.Annotations = annotations
	return p
}

// WaitPod polls the pod until cond holds; the error says the last phase and reasons.
func WaitPod(c kubernetes.Interface, ns, name string, timeout time.Duration, what string, cond func(*corev1.Pod) bool) (*corev1.Pod, error) {
	deadline := time.Now().Add(timeout)
	var last *corev1.Pod
	for time.Now().Before(deadline) {
		p, err := c.CoreV1().Pods(ns).Get(context.Background(), name, metav1.GetOptions{})
		if err == nil {
			last = p
			if cond(p) {
				return p, nil
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	return nil, fmt.Errorf("pod %s/%s: not %s within %s; last status: %s", ns, name, what, timeout, Describe(last))
}

// Running: phase Running and condition Ready.
func Running(p *corev1.Pod) bool {
	if p.Status.Phase != corev1.PodRunning {
		return false
	}
	for _, c := range p.Status.Conditions {
		if c.Type == corev1.PodReady {
			return c.Status == corev1.ConditionTrue
		}
	}
	return false
}

// Describe summarises a pod's status for failure messages.
func Describe(p *corev1.Pod) string {
	if p == nil {
		return "not found"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "phase %s", p.Status.Phase)
	for _, cs := range append(append([]corev1.ContainerStatus{}, p.Status.InitContainerStatuses...), p.Status.ContainerStatuses...) {
		fmt.Fprintf(&b, "; %s ready=%v restarts=%d", cs.Name, cs.Ready, cs.RestartCount)
		if w := cs.State.Waiting; w != nil {
			fmt.Fprintf(&b, " waiting %s %s", w.Reason, w.Message)
		}
		if x := cs.State.Terminated; x != nil {
			fmt.Fprintf(&b, " terminated %s exit %d %q", x.Reason, x.ExitCode, x.Message)
		}
	}
	for _, c := range p.Status.Conditions {
		if c.Status != corev1.ConditionTrue && c.Message != "" {
			fmt.Fprintf(&b, "; %s: %s", c.Type, c.Message)
		}
	}
	return b.String()
}

// RunPod creates the pod in ns and waits until it is Running and Ready.
func RunPod(ctx context.Context, c kubernetes.Interface, ns string, pod *corev1.Pod) (*corev1.Pod, error) {
	if _, err := c.CoreV1().Pods(ns).Create(ctx, pod, metav1.CreateOptions{}); err != nil {
		return nil, err
	}
	return WaitPod(c, ns, pod.Name, 2*time.Minute, "Running and Ready", Running)
}

// HTTPGet fetches url (a pod IP) with a short timeout.
func HTTPGet(url string) (string, error) {
	client := &http.Client{Timeout: 3 * time.Second}
	resp, err := client.Get(url)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		return string(body), fmt.Errorf("%s: %s", url, resp.Status)
	}
	return string(body), err
}
