package e2e

import (
	"encoding/json"
	"net/http"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	admissionv1 "k8s.io/api/admission/v1"
	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/utils/ptr"

	"github.com/podpatterns/podpatterns/mutators"
	"github.com/podpatterns/podpatterns/webhook"
)

// meshLabel selects the namespaces the test-only "mesh" webhook mutates.
const meshLabel = "e2e.podpatterns.io/mesh"

// meshWebhook is a stand-in for another mutating webhook in the cluster (a service mesh
// injector): it adds a proxy container and an init container once. Its configuration is
// named to sort after podpatterns', so the apiserver calls it after us and — because ours
// has reinvocationPolicy IfNeeded and it changed the pod — calls us again.
type meshWebhook struct {
	calls atomic.Int32
}

func (m *meshWebhook) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	m.calls.Add(1)
	var review admissionv1.AdmissionReview
	if err := json.NewDecoder(r.Body).Decode(&review); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	var pod corev1.Pod
	if err := json.Unmarshal(review.Request.Object.Raw, &pod); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	resp := &admissionv1.AdmissionResponse{UID: review.Request.UID, Allowed: true}
	if !slices.ContainsFunc(pod.Spec.Containers, func(c corev1.Container) bool { return c.Name == "mesh-proxy" }) {
		patch := []map[string]any{
			{"op": "add", "path": "/spec/containers/-", "value": corev1.Container{Name: "mesh-proxy", Image: "registry.example.com/mesh-proxy:1.0"}},
		}
		if len(pod.Spec.InitContainers) == 0 {
			patch = append(patch, map[string]any{"op": "add", "path": "/spec/initContainers", "value": []corev1.Container{}})
		}
		patch = append(patch, map[string]any{"op": "add", "path": "/spec/initContainers/-", "value": corev1.Container{Name: "mesh-init", Image: "registry.example.com/mesh-init:1.0"}})
		resp.Patch, _ = json.Marshal(patch)
		resp.PatchType = ptr.To(admissionv1.PatchTypeJSONPatch)
	}
	review.Response, review.Request = resp, nil
	_ = json.NewEncoder(w).Encode(review)
}

// startMeshWebhook serves a meshWebhook over TLS and registers it; both are removed
// when the test ends.
func startMeshWebhook(t *testing.T) *meshWebhook {
	t.Helper()
	mesh := &meshWebhook{}
	serveTestWebhook(t, mesh, "zz-e2e-mesh", "mesh.e2e.podpatterns.io", meshLabel, admissionregistrationv1.NeverReinvocationPolicy)
	return mesh
}

// podCreateRules is the mesh webhook's rule: pod CREATE.
func podCreateRules() []admissionregistrationv1.RuleWithOperations {
	return []admissionregistrationv1.RuleWithOperations{{
		Operations: []admissionregistrationv1.OperationType{admissionregistrationv1.Create},
		Rule:       admissionregistrationv1.Rule{APIGroups: []string{""}, APIVersions: []string{"v1"}, Resources: []string{"pods"}},
	}}
}

// TestReinvocationAfterAnotherWebhook: we inject, the mesh webhook adds its containers
// after us, the apiserver reinvokes us. The stored pod has every container exactly once,
// our wiring on the app container only (the mesh proxy is not an app of ours), and our
// second pass changed nothing. Sequential: it counts our requests in the metrics.
func TestReinvocationAfterAnotherWebhook(t *testing.T) {
	mesh := startMeshWebhook(t)
	labels := injected()
	labels[meshLabel] = "enabled"
	ns := newNamespace(t, labels, nil)
	eventually(t, 10*time.Second, "the mesh webhook is called", func() (bool, string) {
		probe, _, err := createPod(t, ns, podInNamespace("probe", nil), metav1.CreateOptions{DryRun: []string{metav1.DryRunAll}})
		return err == nil && slices.Contains(containerNames(probe), "mesh-proxy"), "no mesh-proxy in a dry-run pod yet"
	})

	before := metricValue(t, "podpatterns_requests_total", `webhook="`+webhook.WebhookMutate+`"`)
	meshBefore := mesh.calls.Load()
	pod := podInNamespace("reinvoked", map[string]string{
		mutators.AnnotationSidecars: "log-shipper", mutators.AnnotationAmbassadors: "redis",
	})
	got, _ := mustCreatePod(t, ns, pod)

	if calls := metricValue(t, "podpatterns_requests_total", `webhook="`+webhook.WebhookMutate+`"`) - before; calls != 2 {
		t.Errorf("podpatterns /mutate was called %v times for the pod, want 2 (first pass + reinvocation)", calls)
	}
	if calls := mesh.calls.Load() - meshBefore; calls != 1 {
		t.Errorf("mesh webhook called %d times, want 1", calls)
	}
	want := []string{"init:log-shipper", "init:redis-ambassador", "init:mesh-init", "app", "mesh-proxy"}
	if names := containerNames(got); !slices.Equal(names, want) {
		t.Errorf("containers %v, want %v (each exactly once)", names, want)
	}
	for _, c := range got.Spec.Containers {
		hasEnv := slices.ContainsFunc(c.Env, func(e corev1.EnvVar) bool { return e.Name == "REDIS_HOST" })
		hasMount := slices.ContainsFunc(c.VolumeMounts, func(m corev1.VolumeMount) bool { return m.Name == "app-logs" })
		if app := c.Name == "app"; hasEnv != app || hasMount != app {
			t.Errorf("container %s: REDIS_HOST %v, app-logs mount %v; want both only on the app container", c.Name, hasEnv, hasMount)
		}
	}
	volumes := map[string]int{}
	for _, v := range got.Spec.Volumes {
		volumes[v.Name]++
	}
	for name, n := range volumes {
		if n != 1 {
			t.Errorf("volume %s appears %d times", name, n)
		}
	}
}
