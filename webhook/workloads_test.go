package webhook

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/go-logr/logr"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
	admissionv1 "k8s.io/api/admission/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"

	"github.com/podpatterns/podpatterns/admission"
	"github.com/podpatterns/podpatterns/mutators"
	"github.com/podpatterns/podpatterns/validators"
)

const bestEffortDeployment = `{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d"},
 "spec":{"template":{"metadata":{"labels":{"app":"d"}},"spec":{"containers":[{"name":"app","image":"app"}]}}}}`

// workloadReview is a review of raw as resource (group/resource), with subresource sub.
func workloadReview(t *testing.T, op admissionv1.Operation, group, resource, sub string, raw string) []byte {
	t.Helper()
	b, err := json.Marshal(admissionv1.AdmissionReview{TypeMeta: metav1.TypeMeta{APIVersion: "admission.k8s.io/v1", Kind: "AdmissionReview"},
		Request: &admissionv1.AdmissionRequest{UID: "uid-1", Operation: op, Namespace: "team", SubResource: sub,
			Resource: metav1.GroupVersionResource{Group: group, Version: "v1", Resource: resource}, Object: runtime.RawExtension{Raw: []byte(raw)}}})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestWorkloadsLeaveOtherRequestsAlone: what the endpoint does not judge is admitted
// unchanged with the reason, and never counted as a check; undecodable workloads are a
// 400 and an unknown namespace a 500 (the failurePolicy decides), the UID echoed.
func TestWorkloadsLeaveOtherRequestsAlone(t *testing.T) {
	for _, tc := range []struct {
		name, group, resource, sub string
		op                         admissionv1.Operation
		raw                        string
		status                     int
		contains                   string
	}{
		{"pods", "", "pods", "", admissionv1.Create, `{}`, 200, "admitted unchanged"},
		{"scale subresource", "apps", "deployments", "scale", admissionv1.Update, `{}`, 200, "admitted unchanged"},
		{"delete", "apps", "deployments", "", admissionv1.Delete, `{}`, 200, "admitted unchanged"},
		{"not an object", "apps", "deployments", "", admissionv1.Create, `"x"`, 400, "cannot decode the Deployment"},
		{"no object", "batch", "jobs", "", admissionv1.Create, `null`, 400, "request object is empty"},
		{"no template", "apps", "deployments", "", admissionv1.Create, `{"spec":{}}`, 400, "has no spec.template"},
		{"cronjob without job template", "batch", "cronjobs", "", admissionv1.Create, `{"spec":{"template":{}}}`, 400, "has no spec.jobTemplate.spec.template"},
		{"template not a pod", "apps", "deployments", "", admissionv1.Create, `{"spec":{"template":{"spec":{"containers":7}}}}`, 400, "cannot decode the pod template"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h, m := testHandlers(t)
			status, resp := post(t, h.Workloads(), "POST", "application/json", workloadReview(t, tc.op, tc.group, tc.resource, tc.sub, tc.raw))
			if status != tc.status || resp.UID != "uid-1" || !strings.Contains(resp.Result.Message, tc.contains) {
				t.Errorf("got %d uid=%q %q, want %d containing %q", status, resp.UID, resp.Result.Message, tc.status, tc.contains)
			}
			if n := workloadChecks(m); n != 0 {
				t.Errorf("%v workload checks counted, want none", n)
			}
		})
	}
	h := NewHandlers(examplesPipeline(t), failingNamespaces{}, NewMetrics(prometheus.NewRegistry()), logr.Discard())
	status, resp := post(t, h.Workloads(), "POST", "application/json", workloadReview(t, admissionv1.Create, "apps", "deployments", "", bestEffortDeployment))
	if status != http.StatusInternalServerError || resp.UID != "uid-1" {
		t.Errorf("namespace not cached: %d %+v, want 500 with the UID", status, resp)
	}
}

// TestWorkloadChecksAreCounted: each decision counts once, by kind and outcome, and the
// request metrics carry webhook="workloads".
func TestWorkloadChecksAreCounted(t *testing.T) {
	m := NewMetrics(prometheus.NewRegistry())
	ns := StaticNamespaces{Labels: map[string]string{mutators.LabelProfile: "standard"}}
	h := NewHandlers(examplesPipeline(t), ns, m, logr.Discard())
	for range 2 {
		post(t, h.Workloads(), "POST", "application/json", workloadReview(t, admissionv1.Create, "apps", "deployments", "", bestEffortDeployment))
	}
	if got := testutil.ToFloat64(m.WorkloadChecks.WithLabelValues("Deployment", string(admission.TemplateWouldDeny))); got != 2 {
		t.Errorf("workload checks {Deployment, would-deny} = %v, want 2", got)
	}
	if got := testutil.ToFloat64(m.Requests.WithLabelValues(WebhookWorkloads, ResultWarned)); got != 2 {
		t.Errorf("requests {workloads, warned} = %v, want 2", got)
	}
}

// TestWorkloadKindNamesAreTheRules: the kinds exported at 0 are exactly those judged.
func TestWorkloadKindNamesAreTheRules(t *testing.T) {
	var kinds []string
	for _, k := range workloadKinds {
		kinds = append(kinds, k.kind)
	}
	if !slices.Equal(slices.Sorted(slices.Values(kinds)), slices.Sorted(slices.Values(WorkloadKindNames()))) {
		t.Errorf("WorkloadKindNames %v, judged kinds %v", WorkloadKindNames(), kinds)
	}
}

// workloadChecks sums podpatterns_workload_checks_total over every known label pair.
func workloadChecks(m *Metrics) float64 {
	var sum float64
	for _, kind := range WorkloadKindNames() {
		for _, o := range admission.TemplateOutcomes {
			sum += testutil.ToFloat64(m.WorkloadChecks.WithLabelValues(kind, string(o)))
		}
		for _, o := range WorkloadSkipOutcomes {
			sum += testutil.ToFloat64(m.WorkloadChecks.WithLabelValues(kind, o))
		}
	}
	return sum
}

// TestWorkloadWarningsAreBounded: a template breaking a rule in each of 200 containers
// gets a warn answer within the apiserver's warning budget, as a pod's would.
func TestWorkloadWarningsAreBounded(t *testing.T) {
	var containers []string
	for i := range 200 { // below --max-containers: no too-large warning from the mutation
		containers = append(containers, fmt.Sprintf(`{"name":"c%d","image":"app"}`, i))
	}
	raw := `{"spec":{"template":{"spec":{"containers":[` + strings.Join(containers, ",") + `]}}}}`
	ns := StaticNamespaces{Labels: map[string]string{mutators.LabelProfile: "standard"}}
	h := NewHandlers(examplesPipeline(t), ns, NewMetrics(prometheus.NewRegistry()), logr.Discard())
	_, resp := post(t, h.Workloads(), "POST", "application/json", workloadReview(t, admissionv1.Create, "apps", "deployments", "", raw))
	runes := 0
	for _, w := range resp.Warnings {
		runes += utf8.RuneCountInString(w)
	}
	if !resp.Allowed || len(resp.Warnings) > validators.MaxWarnings || runes > validators.WarningRunes ||
		!strings.HasSuffix(resp.Warnings[len(resp.Warnings)-1], "more violations") {
		t.Errorf("allowed=%v, %d warnings, %d runes; last %q", resp.Allowed, len(resp.Warnings), runes, resp.Warnings[len(resp.Warnings)-1])
	}
}
