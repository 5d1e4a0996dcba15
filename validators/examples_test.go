package validators_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/podpatterns/podpatterns/admission"
	"github.com/podpatterns/podpatterns/mutators"
	"github.com/podpatterns/podpatterns/mutators/mutatorstest"
)

// TestExampleProfiles runs pods through the pipeline the server builds from
// examples/config.yaml: the mutating chain, then the validating chain on its output, as
// the apiserver calls them. The stable profiles must mean what the docs say.
func TestExampleProfiles(t *testing.T) {
	cfg := mutatorstest.ExampleConfig(t)
	pipeline := admission.Compose(cfg, admission.Deps{PriorityClasses: classes})
	tests := []struct {
		name, profile, pod string
		want               []string
	}{
		{name: "standard: requests on every container pass", profile: "standard", pod: `
spec:
  containers: [{name: app, image: a, resources: {requests: {cpu: 100m, memory: 128Mi}}}]`},
		{name: "standard: a BestEffort pod is denied", profile: "standard", pod: `
spec:
  containers: [{name: app, image: a}]`, want: []string{
			"spec.containers[0].resources.requests[cpu] (requests-required): not set (every container must request cpu)",
			"spec.containers[0].resources.requests[memory] (requests-required): not set (every container must request memory)",
			"spec (qos-class): QoS class BestEffort is below the minimum Burstable: at least one container must request cpu or memory",
		}},
		{name: "standard: the injected log shipper passes with the app", profile: "standard", pod: `
metadata: {annotations: {podpatterns.io/sidecars: log-shipper}}
spec:
  containers: [{name: app, image: a, resources: {requests: {cpu: 100m, memory: 128Mi}}}]`},
		{name: "guaranteed: limits only, with injected sidecar and adapter, stay Guaranteed", profile: "guaranteed", pod: `
metadata: {annotations: {podpatterns.io/sidecars: log-shipper, podpatterns.io/adapters: prometheus-exporter}}
spec:
  containers: [{name: app, image: a, resources: {limits: {cpu: "1", memory: 1Gi}}}]`},
		{name: "guaranteed: requests below limits are denied", profile: "guaranteed", pod: `
spec:
  containers: [{name: app, image: a, resources: {requests: {cpu: 500m, memory: 1Gi}, limits: {cpu: "1", memory: 1Gi}}}]`,
			want: []string{
				"spec (qos-class): QoS class Burstable is below the minimum Guaranteed: every container, init containers and sidecars included, " +
					"needs cpu and memory limits equal to its requests (or the pod sets equal pod-level requests and limits)",
			}},
		{name: "guaranteed: a class above the cap is denied", profile: "guaranteed", pod: `
spec:
  priorityClassName: platinum
  containers: [{name: app, image: a, resources: {limits: {cpu: "1", memory: 1Gi}}}]`,
			want: []string{"spec.priorityClassName (priority-class-value): class platinum has value 2000000, above the maximum 1000000"}},
		{name: "burstable: memory may burst to twice its request, not more", profile: "burstable", pod: `
spec:
  containers:
  - {name: app, image: a, resources: {requests: {cpu: 250m, memory: 256Mi}, limits: {cpu: "1", memory: 512Mi}}}
  - {name: cache, image: c, resources: {requests: {cpu: 50m, memory: 100Mi}, limits: {memory: 300Mi}}}`,
			want: []string{
				"spec.containers[1].resources.limits[cpu] (limit-request-ratio): no limit, so the limit/request ratio is unbounded (maximum 4)",
				"spec.containers[1].resources.limits[memory] (limit-request-ratio): limit 300Mi is 3 times the request 100Mi, above the maximum ratio 2",
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pod := podYAML(t, tt.pod)
			ns := mutators.Namespace{Name: "team-a", Labels: map[string]string{mutators.LabelProfile: tt.profile}}
			m, err := pipeline.MutatePod(pod, ns)
			if err != nil || m.Denied() || len(m.Report.Skipped) > 0 {
				t.Fatalf("mutation did not go through: %v %+v", err, m.Report)
			}
			res := pipeline.ValidatePod(m.Pod, ns)
			if diff := cmp.Diff(tt.want, violationStrings(res.Result), cmpEmpty); diff != "" {
				t.Errorf("violations (-want +got):\n%s", diff)
			}
		})
	}
}
