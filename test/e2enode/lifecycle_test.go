package e2enode

import (
	"context"
	"fmt"
	"strconv"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	discoveryv1 "k8s.io/api/discovery/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"

	"github.com/podpatterns/podpatterns/mutators"
	"github.com/podpatterns/podpatterns/test/nodestack"
)

// userRefs are env entries of the user's that reference injected variables.
func userRefs() []corev1.EnvVar {
	return []corev1.EnvVar{
		{Name: "PROXY_ADDR", Value: "$(PROXY_HOST):$(PROXY_PORT)"},
		{Name: "WHO", Value: "$(POD_NAMESPACE)/$(POD_NAME)"},
	}
}

// TestUserEnvReferencesExpand: the app's own PROXY_ADDR=$(PROXY_HOST):$(PROXY_PORT) and
// WHO=$(POD_NAMESPACE)/$(POD_NAME) expand in the running process, because podpatterns puts
// the ambassador's and the Downward API's vars before the user's entries (the kubelet
// expands $(VAR) only from entries above it). The old plan, written out by hand in a
// namespace podpatterns leaves alone (the same vars appended after the user's), runs with
// the literal text.
func TestUserEnvReferencesExpand(t *testing.T) {
	needRelease(t)
	ns := injectNamespace(t, "env-refs")
	p := nodestack.AppPod("env-refs", map[string]string{
		mutators.AnnotationAmbassadors: nodestack.AmbassadorTemplate, mutators.AnnotationDownwardAPI: "true",
	})
	p.Spec.Containers[0].Env = userRefs()
	pod := runPod(t, ns, p)
	env := processEnv(t, containerPID(t, status(t, pod, "app")))
	want := map[string]string{"PROXY_ADDR": "localhost:" + strconv.Itoa(nodestack.AmbassadorPort), "WHO": ns + "/" + pod.Name}
	for k, v := range want {
		if env[k] != v {
			t.Errorf("with podpatterns: %s = %q in the app's process, want %q", k, env[k], v)
		}
	}

	plain := newNamespace(t, "env-refs-old", nil)
	old := nodestack.AppPod("env-refs-old", nil)
	old.Spec.Containers[0].Env = append(userRefs(), // the old plan: injected vars appended after the user's
		corev1.EnvVar{Name: "PROXY_HOST", Value: "localhost"}, corev1.EnvVar{Name: "PROXY_PORT", Value: strconv.Itoa(nodestack.AmbassadorPort)},
		corev1.EnvVar{Name: "POD_NAME", ValueFrom: &corev1.EnvVarSource{FieldRef: &corev1.ObjectFieldSelector{FieldPath: "metadata.name"}}},
		corev1.EnvVar{Name: "POD_NAMESPACE", ValueFrom: &corev1.EnvVarSource{FieldRef: &corev1.ObjectFieldSelector{FieldPath: "metadata.namespace"}}})
	oldPod := runPod(t, plain, old)
	oldEnv := processEnv(t, containerPID(t, status(t, oldPod, "app")))
	for _, e := range userRefs() {
		if oldEnv[e.Name] != e.Value {
			t.Errorf("control (vars appended after the user's): %s = %q, want the literal %q", e.Name, oldEnv[e.Name], e.Value)
		}
	}
	t.Logf("with podpatterns: PROXY_ADDR=%q WHO=%q; appended after the user's: PROXY_ADDR=%q WHO=%q",
		env["PROXY_ADDR"], env["WHO"], oldEnv["PROXY_ADDR"], oldEnv["WHO"])
}

// stalledWindow is how long the control pod is watched staying out of its Service.
const stalledWindow = 15 * time.Second

// TestStalledAdapterKeepsAppInEndpoints: an injected adapter that runs but never serves
// its declared port, in a namespace whose profile defaults readiness probes, leaves the
// app's pod Ready and its endpoint ready in the Service's EndpointSlice: podpatterns gives
// helpers no defaulted probe (the kubelet counts a native sidecar's readiness in the
// pod's). The old plan, the same pod with the TCP probe the defaulter used to add on the
// adapter's port, written out by hand where podpatterns leaves pods alone, stays out of
// its Service for the whole window.
func TestStalledAdapterKeepsAppInEndpoints(t *testing.T) {
	needRelease(t)
	ns := newNamespace(t, "stalled-adapter", map[string]string{
		mutators.LabelInject: mutators.InjectEnabled, mutators.LabelProfile: nodestack.ProbedProfile,
	})
	p := withLabel(nodestack.AppPod("stalled-adapter", map[string]string{mutators.AnnotationAdapters: nodestack.StalledAdapterTemplate}))
	service(t, ns)
	pod := runPod(t, ns, p)
	if cs := status(t, pod, nodestack.StalledAdapterTemplate); cs.State.Running == nil {
		t.Fatalf("the stalled adapter is not running: %+v", cs.State)
	}
	if ready, err := endpointReady(ns, pod.Status.PodIP, 30*time.Second); err != nil || !ready {
		t.Fatalf("with podpatterns the app's endpoint is not ready in the EndpointSlice (%v)", err)
	}

	plain := newNamespace(t, "stalled-adapter-old", nil)
	old := withLabel(nodestack.AppPod("stalled-adapter-old", nil))
	adapter := nodestack.AgnhostContainer(nodestack.StalledAdapterTemplate, "pause")
	always := corev1.ContainerRestartPolicyAlways
	adapter.RestartPolicy = &always
	adapter.Ports = []corev1.ContainerPort{{ContainerPort: nodestack.StalledAdapterPort}}
	adapter.ReadinessProbe = &corev1.Probe{ProbeHandler: corev1.ProbeHandler{TCPSocket: &corev1.TCPSocketAction{Port: intstr.FromInt32(nodestack.StalledAdapterPort)}}}
	old.Spec.InitContainers = []corev1.Container{adapter}
	service(t, plain)
	if _, err := env.Cluster.Client.CoreV1().Pods(plain).Create(ctxFor(t, 30*time.Second), old, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	running := waitPod(t, plain, old.Name, time.Minute, "running with an IP", func(p *corev1.Pod) bool {
		return p.Status.Phase == corev1.PodRunning && p.Status.PodIP != ""
	})
	if ready, _ := endpointReady(plain, running.Status.PodIP, stalledWindow); ready {
		t.Fatalf("control (defaulted probe on the adapter): the endpoint became ready within %s; the experiment shows nothing", stalledWindow)
	}
	t.Logf("with podpatterns: endpoint ready; with the old defaulted probe on the adapter: not ready for %s", stalledWindow)
}

// withLabel labels the pod for the test Service.
func withLabel(p *corev1.Pod) *corev1.Pod {
	p.Labels = map[string]string{"app": "stalled-adapter"}
	return p
}

// service creates the Service selecting withLabel's pods on the app's port.
func service(t *testing.T, ns string) {
	t.Helper()
	svc := &corev1.Service{
		ObjectMeta: metav1.ObjectMeta{Name: "app"},
		Spec: corev1.ServiceSpec{Selector: map[string]string{"app": "stalled-adapter"},
			Ports: []corev1.ServicePort{{Port: 8080, TargetPort: intstr.FromInt32(8080)}}},
	}
	if _, err := env.Cluster.Client.CoreV1().Services(ns).Create(ctxFor(t, 30*time.Second), svc, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
}

// endpointReady polls the Service's EndpointSlices until ip's endpoint is ready (true),
// or until timeout (false); err says what was last seen when it never was.
func endpointReady(ns, ip string, timeout time.Duration) (bool, error) {
	deadline := time.Now().Add(timeout)
	last := "no EndpointSlice"
	for time.Now().Before(deadline) {
		list, err := env.Cluster.Client.DiscoveryV1().EndpointSlices(ns).List(context.Background(),
			metav1.ListOptions{LabelSelector: discoveryv1.LabelServiceName + "=app"})
		if err == nil {
			for _, s := range list.Items {
				for _, e := range s.Endpoints {
					if len(e.Addresses) > 0 && e.Addresses[0] == ip {
						ready := e.Conditions.Ready != nil && *e.Conditions.Ready
						if ready {
							return true, nil
						}
						last = fmt.Sprintf("endpoint %s not ready", ip)
					}
				}
			}
		}
		time.Sleep(250 * time.Millisecond)
	}
	return false, fmt.Errorf("%s", last)
}
