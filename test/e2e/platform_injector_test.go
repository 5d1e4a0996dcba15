package e2e

import (
	"encoding/json"
	"net/http"
	"slices"
	"sync/atomic"
	"testing"

	admissionv1 "k8s.io/api/admission/v1"
	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	"k8s.io/utils/ptr"
)

// agentLabel selects the namespaces the platform agent injector mutates.
const agentLabel = "e2e.podpatterns.io/platform-agent"

// agentName is the container the injector adds.
const agentName = "platform-agent"

// agentBurstable, as a pod annotation, makes the injector add its agent with requests
// only (a Burstable container): the validating webhook then judges a container
// podpatterns never saw.
const agentBurstable = "e2e.podpatterns.io/agent-burstable"

// agentInjector is a second mutating webhook as platforms run them (a mesh or a
// monitoring agent injector): it adds one container, hardened to Pod Security
// "restricted" with requests and limits, once (idempotent on reinvocation). Its
// configuration sorts after podpatterns' and is registered with reinvocationPolicy
// IfNeeded, like podpatterns': the apiserver calls podpatterns, then it, then
// podpatterns again (the pod changed).
type agentInjector struct {
	calls atomic.Int32
}

func (a *agentInjector) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	a.calls.Add(1)
	var review admissionv1.AdmissionReview
	if err := json.NewDecoder(r.Body).Decode(&review); err != nil || review.Request == nil {
		http.Error(w, "not an AdmissionReview", http.StatusBadRequest)
		return
	}
	var pod corev1.Pod
	if err := json.Unmarshal(review.Request.Object.Raw, &pod); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	resp := &admissionv1.AdmissionResponse{UID: review.Request.UID, Allowed: true}
	if !slices.ContainsFunc(pod.Spec.Containers, func(c corev1.Container) bool { return c.Name == agentName }) {
		patch := []map[string]any{{"op": "add", "path": "/spec/containers/-", "value": agentContainer(&pod)}}
		resp.Patch, _ = json.Marshal(patch)
		resp.PatchType = ptr.To(admissionv1.PatchTypeJSONPatch)
	}
	review.Response, review.Request = resp, nil
	_ = json.NewEncoder(w).Encode(review)
}

// agentContainer is the injected agent: restricted, Guaranteed (unless the pod asks for
// the Burstable variant), nothing Linux-only in a Windows pod.
func agentContainer(pod *corev1.Pod) corev1.Container {
	res := corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("10m"), corev1.ResourceMemory: resource.MustParse("16Mi")}
	c := corev1.Container{Name: agentName, Image: "registry.example.com/platform-agent:1.0",
		Resources: corev1.ResourceRequirements{Requests: res, Limits: res.DeepCopy()}}
	if _, ok := pod.Annotations[agentBurstable]; ok {
		c.Resources.Limits = nil
	}
	if pod.Spec.OS == nil || pod.Spec.OS.Name != corev1.Windows {
		c.SecurityContext = &corev1.SecurityContext{
			RunAsNonRoot: ptr.To(true), RunAsUser: ptr.To[int64](65534), AllowPrivilegeEscalation: ptr.To(false),
			Capabilities:   &corev1.Capabilities{Drop: []corev1.Capability{"ALL"}},
			SeccompProfile: &corev1.SeccompProfile{Type: corev1.SeccompProfileTypeRuntimeDefault},
		}
	}
	return c
}

// startAgentInjector serves an agentInjector over TLS and registers it for namespaces
// labelled agentLabel=enabled; both are removed when the test ends.
func startAgentInjector(t *testing.T) *agentInjector {
	t.Helper()
	agent := &agentInjector{}
	serveTestWebhook(t, agent, "zz-e2e-platform-agent", "agent.e2e.podpatterns.io", agentLabel, admissionregistrationv1.IfNeededReinvocationPolicy)
	return agent
}
