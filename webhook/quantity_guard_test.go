package webhook

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	admissionv1 "k8s.io/api/admission/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"

	"github.com/podpatterns/podpatterns/podresources"
)

// quantityMark is a quantity the tests' pods carry, replaced in the review's bytes by
// the hostile text (resource.MustParse on it would not return).
const quantityMark = `"123m"`

// unboundedQuantities are quantities whose parse takes seconds or never ends, as a
// JSON string or number: a huge negative exponent, a positive one that wraps to it
// (ParseQuantity truncates to an int32), and mantissas of 100,000 digits.
var unboundedQuantities = []string{`"1e-2147483647"`, `1e-2147483647`, `"1E-10000000"`, `"1e2147483649"`,
	`"1e+2147483649"`, `" 1e-000000002147483647 "`, `"-1e-2147483647"`, `"0.` + strings.Repeat("1", 100000) + `"`,
	strings.Repeat("9", 100000)}

// hostilePods puts quantityMark at every place a pod decoder parses a quantity.
var hostilePods = map[string]func(*corev1.Pod){
	"container request": func(p *corev1.Pod) { p.Spec.Containers[0].Resources.Requests["cpu"] = resource.MustParse("123m") },
	"init limit": func(p *corev1.Pod) {
		p.Spec.InitContainers = []corev1.Container{{Name: "i", Image: "i", Resources: corev1.ResourceRequirements{Limits: corev1.ResourceList{"memory": resource.MustParse("123m")}}}}
	},
	"overhead": func(p *corev1.Pod) { p.Spec.Overhead = corev1.ResourceList{"cpu": resource.MustParse("123m")} },
	"pod resources": func(p *corev1.Pod) {
		p.Spec.Resources = &corev1.ResourceRequirements{Requests: corev1.ResourceList{"cpu": resource.MustParse("123m")}}
	},
	"emptyDir sizeLimit": func(p *corev1.Pod) {
		q := resource.MustParse("123m")
		p.Spec.Volumes = []corev1.Volume{{Name: "v", VolumeSource: corev1.VolumeSource{EmptyDir: &corev1.EmptyDirVolumeSource{SizeLimit: &q}}}}
	},
	"env divisor": func(p *corev1.Pod) {
		p.Spec.Containers[0].Env = []corev1.EnvVar{{Name: "E", ValueFrom: &corev1.EnvVarSource{ResourceFieldRef: &corev1.ResourceFieldSelector{Resource: "limits.cpu", Divisor: resource.MustParse("123m")}}}}
	},
	"ephemeral container": func(p *corev1.Pod) {
		p.Spec.EphemeralContainers = []corev1.EphemeralContainer{{EphemeralContainerCommon: corev1.EphemeralContainerCommon{Name: "e", Image: "e",
			Resources: corev1.ResourceRequirements{Requests: corev1.ResourceList{"cpu": resource.MustParse("123m")}}}}}
	},
	"status allocated": func(p *corev1.Pod) {
		p.Status.ContainerStatuses = []corev1.ContainerStatus{{Name: "app", AllocatedResources: corev1.ResourceList{"cpu": resource.MustParse("123m")}}}
	},
}

// TestUnboundedQuantitiesAreRefusedPromptly: a quantity whose parse would not return
// gets a prompt 400 that names it and the bound, on every endpoint and wherever the
// pod carries it (its request, a workload's template, oldObject, a key spelled in
// another case, a duplicate key), before any decoder parses it. Run in a goroutine
// with a deadline: a regression fails instead of hanging.
func TestUnboundedQuantitiesAreRefusedPromptly(t *testing.T) {
	h, _ := examplesHandlers(t)
	for place, edit := range hostilePods {
		base := podReview(t, extremePod(edit))
		for _, q := range unboundedQuantities {
			body := bytes.Replace(base, []byte(quantityMark), []byte(q), 1)
			for _, ep := range []string{WebhookMutate, WebhookValidate} {
				expectRefused(t, h, ep, place+" "+abbrev(q), body)
			}
		}
	}
	q := `"1e-2147483647"`
	pod := podReview(t, extremePod(hostilePods["container request"]))
	for name, body := range map[string][]byte{
		"oldObject": bytes.Replace(pod, []byte(`"object":`), []byte(`"oldObject":{"spec":{"containers":[{"resources":{"limits":{"cpu":`+q+`}}}]}},"object":`), 1),
		"key case":  bytes.Replace(bytes.Replace(pod, []byte(quantityMark), []byte(q), 1), []byte(`"requests"`), []byte(`"REQUESTS"`), 1),
		"duplicate": bytes.Replace(pod, []byte(`"cpu":`+quantityMark), []byte(`"cpu":`+q+`,"cpu":"1"`), 1),
		"workload": workloadReview(t, admissionv1.Create, "apps", "deployments", "", strings.Replace(bestEffortDeployment,
			`"image":"app"`, `"image":"app","resources":{"requests":{"cpu":`+q+`}}`, 1)),
		"cronjob": workloadReview(t, admissionv1.Create, "batch", "cronjobs", "", `{"spec":{"jobTemplate":{"spec":{"template":{"spec":`+
			`{"containers":[{"name":"a","image":"a","resources":{"limits":{"cpu":`+q+`}}}]}}}}}}`),
	} {
		for _, ep := range []string{WebhookMutate, WebhookValidate, WebhookWorkloads} {
			expectRefused(t, h, ep, name, body)
		}
	}
}

// TestQuantityLikeTextElsewhereIsAdmitted: the check is at quantity positions only: the
// same text in an env value or an annotation is a string like any other.
func TestQuantityLikeTextElsewhereIsAdmitted(t *testing.T) {
	h, _ := examplesHandlers(t)
	body := podReview(t, extremePod(func(p *corev1.Pod) {
		p.Annotations["example.com/n"] = "1e-2147483647"
		p.Spec.Containers[0].Env = []corev1.EnvVar{{Name: "N", Value: "1e-2147483647"}, {Name: "D", Value: strings.Repeat("7", 100)}}
	}))
	if !podresources.MayHoldUnboundedQuantity(body) {
		t.Fatal("the detector does not flag the body: this test would not reach the walk")
	}
	for _, ep := range []string{WebhookMutate, WebhookValidate} {
		if code, resp := serveWithin(t, h, ep, body, extremeBound); code != http.StatusOK || !resp.Allowed {
			t.Errorf("%s: status %d allowed %v (%+v), want 200 allowed", ep, code, resp.Allowed, resp.Result)
		}
	}
}

func expectRefused(t *testing.T, h *Handlers, endpoint, name string, body []byte) {
	t.Helper()
	handler := map[string]http.Handler{WebhookMutate: h.Mutate(), WebhookValidate: h.Validate(), WebhookWorkloads: h.Workloads()}[endpoint]
	done := make(chan *httptest.ResponseRecorder, 1)
	go func() {
		req := httptest.NewRequest(http.MethodPost, "/"+endpoint+"?timeout=10s", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		handler.ServeHTTP(rec, req)
		done <- rec
	}()
	select {
	case rec := <-done:
		if rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), podresources.QuantityBoundDetail) {
			t.Errorf("%s %s: status %d %.400s, want 400 naming the bound", endpoint, name, rec.Code, rec.Body)
		}
	case <-time.After(extremeBound):
		t.Fatalf("%s %s: no answer within %s (the quantity was parsed)", endpoint, name, extremeBound)
	}
}

func abbrev(s string) string {
	if len(s) > 30 {
		return s[:30] + "..."
	}
	return s
}
