package webhook

import (
	"encoding/json"
	"maps"
	"slices"
	"strings"
	"testing"

	admissionv1 "k8s.io/api/admission/v1"

	"github.com/podpatterns/podpatterns/mutators"
	"github.com/podpatterns/podpatterns/mutators/mutatorstest"
	"github.com/podpatterns/podpatterns/validators"
)

// TestWorkloadCheckIsThePodsDecision: for every golden pod, under every profile of its
// config in each mode, a Deployment with that pod as its template gets exactly the
// answer its pods get from /mutate and then /validate (on the mutated pod), paths aside:
// with workloadMode enforce the same allowed/denied, message, warnings and audit
// annotations; with workloadMode warn it is admitted, warned whenever the pod is denied.
// Fast and straight paths both.
func TestWorkloadCheckIsThePodsDecision(t *testing.T) {
	cases, err := mutatorstest.LoadCases("../mutators/testdata")
	if err != nil || len(cases) < 20 {
		t.Fatalf("golden cases: %v (%d)", err, len(cases))
	}
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			p, err := c.Pipeline()
			if err != nil {
				t.Fatal(err)
			}
			deployment := deploymentJSON(t, c.PodJSON)
			for _, profile := range slices.Sorted(maps.Keys(p.Config.Profiles)) {
				for _, mode := range []string{"", string(validators.ModeWarn), string(validators.ModeAudit)} {
					labels := maps.Clone(c.Namespace.Labels)
					if labels == nil {
						labels = map[string]string{}
					}
					labels[mutators.LabelProfile] = profile
					if mode != "" {
						labels[validators.LabelProfileMode] = mode
					}
					ns := StaticNamespaces{Labels: labels, Annotations: c.Namespace.Annotations}
					pods := podAnswer(t, newPathPair(p, ns), c.Namespace.Name, c.PodJSON)
					for _, wm := range []validators.Mode{validators.ModeEnforce, validators.ModeWarn} {
						withWorkloadMode(p.Config.Profiles, wm)
						for _, straight := range []bool{false, true} {
							h := newPathPair(p, ns).fast
							h.straight = straight
							_, got := postWorkload(t, h, c.Namespace.Name, admissionv1.Create, deployment, nil)
							checkSameDecision(t, profile+"/"+mode+"/"+string(wm), wm, pods, got)
						}
					}
					withWorkloadMode(p.Config.Profiles, validators.ModeWarn)
				}
			}
		})
	}
}

// withWorkloadMode sets every profile's workloadMode (the pipeline reads it per request).
func withWorkloadMode(profiles map[string]validators.Profile, m validators.Mode) {
	for name, pr := range profiles {
		pr.WorkloadMode = m
		profiles[name] = pr
	}
}

// podAnswer is what the pod gets: /mutate's denial, or /validate's answer on the mutated
// pod, with /mutate's warnings first.
func podAnswer(t *testing.T, pp pathPair, namespace string, podJSON []byte) *admissionv1.AdmissionResponse {
	_, body := pp.compare(t, "mutate", namespace, podJSON)
	mutated := decodeAnswer(t, body)
	if !mutated.Allowed {
		return mutated
	}
	pod := podJSON
	if m := mutatedPod(t, pp, namespace, podJSON); m != nil {
		pod = m
	}
	_, body = pp.compare(t, "validate", namespace, pod)
	validated := decodeAnswer(t, body)
	validated.Warnings = append(mutated.Warnings, validated.Warnings...)
	return validated
}

func decodeAnswer(t *testing.T, body []byte) *admissionv1.AdmissionResponse {
	var review admissionv1.AdmissionReview
	if err := json.Unmarshal(body, &review); err != nil || review.Response == nil {
		t.Fatalf("undecodable answer %s: %v", body, err)
	}
	return review.Response
}

// checkSameDecision compares the workload's answer with the pod's, template paths removed.
func checkSameDecision(t *testing.T, what string, wm validators.Mode, pod, got *admissionv1.AdmissionResponse) {
	t.Helper()
	if wm == validators.ModeWarn {
		if !got.Allowed || (!pod.Allowed && len(got.Warnings) == 0) || (pod.Allowed && len(got.Warnings) != len(pod.Warnings)) {
			t.Errorf("%s: workload allowed=%v with %d warnings; the pod: allowed=%v with %d warnings", what, got.Allowed, len(got.Warnings), pod.Allowed, len(pod.Warnings))
		}
		return
	}
	strip := func(s string) string {
		return strings.ReplaceAll(strings.ReplaceAll(s, "spec.template: ", ""), "spec.template.", "")
	}
	gotWarnings := make([]string, len(got.Warnings))
	for i, w := range got.Warnings {
		gotWarnings[i] = strip(w)
	}
	gotAudit := map[string]string{}
	for k, v := range got.AuditAnnotations {
		gotAudit[k] = strip(v)
	}
	podAudit := pod.AuditAnnotations
	if podAudit == nil {
		podAudit = map[string]string{}
	}
	if got.Allowed != pod.Allowed || strip(got.Result.Message) != pod.Result.Message || !slices.Equal(gotWarnings, pod.Warnings) || !maps.Equal(gotAudit, podAudit) {
		t.Errorf("%s: the workload's answer is not the pod's:\n workload allowed=%v message=%q warnings=%q audit=%v\n pod      allowed=%v message=%q warnings=%q audit=%v",
			what, got.Allowed, got.Result.Message, got.Warnings, got.AuditAnnotations, pod.Allowed, pod.Result.Message, pod.Warnings, pod.AuditAnnotations)
	}
}

// deploymentJSON is a Deployment whose template is the pod's labels, annotations and spec.
func deploymentJSON(t *testing.T, podJSON []byte) []byte {
	var pod map[string]any
	if err := json.Unmarshal(podJSON, &pod); err != nil {
		t.Fatal(err)
	}
	meta := map[string]any{}
	if md, ok := pod["metadata"].(map[string]any); ok {
		for _, k := range []string{"labels", "annotations"} {
			if v, ok := md[k]; ok {
				meta[k] = v
			}
		}
	}
	out, err := json.Marshal(map[string]any{"apiVersion": "apps/v1", "kind": "Deployment", "metadata": map[string]any{"name": "d"},
		"spec": map[string]any{"template": map[string]any{"metadata": meta, "spec": pod["spec"]}}})
	if err != nil {
		t.Fatal(err)
	}
	return out
}
