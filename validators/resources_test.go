package validators_test

import (
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/podpatterns/podpatterns/validators"
)

// Profiles of the resource tables.
const (
	requireRequests = `
resources:
  cpu: {requests: {required: true}}
  memory: {requests: {required: true}, limits: {required: true}}
`
	bounds = `
resources:
  cpu:
    requests: {min: 100m, max: "2", podMax: "3"}
    limits: {max: "4", podMax: "6"}
  memory:
    requests: {podMin: 256Mi}
    limits: {min: 64Mi}
`
	ratios = `
resources:
  cpu: {maxLimitRequestRatio: "2"}
  memory: {maxLimitRequestRatio: "1"}
`
	extended = `
resources:
  example.com/gpu: {limits: {required: true, max: "2"}}
  ephemeral-storage: {requests: {required: true, max: 10Gi}}
`
)

// TestResourceRules runs each rule on pods that break it and pods that keep it, and
// asserts every message word for word.
func TestResourceRules(t *testing.T) {
	tests := []struct {
		name, profile, pod string
		want               []string
	}{
		{
			name: "requests required: every kind of container, ephemeral excluded", profile: requireRequests,
			pod: `
spec:
  initContainers:
  - {name: migrate, image: m, resources: {requests: {cpu: 100m, memory: 64Mi}, limits: {memory: 64Mi}}}
  - {name: proxy, image: p, restartPolicy: Always}
  containers:
  - {name: app, image: a, resources: {requests: {memory: 1Gi}, limits: {memory: 1Gi}}}
  ephemeralContainers:
  - {name: debug, image: busybox}
`,
			want: []string{
				"spec.containers[0].resources.requests[cpu] (requests-required): not set (every container must request cpu)",
				"spec.initContainers[1].resources.requests[cpu] (requests-required): not set (every container must request cpu)",
				"spec.initContainers[1].resources.requests[memory] (requests-required): not set (every container must request memory)",
				"spec.initContainers[1].resources.limits[memory] (limits-required): not set (every container must set a limit for memory)",
			},
		},
		{
			name: "requests required: a limit defaults the request", profile: requireRequests,
			pod: `
spec:
  containers:
  - {name: app, image: a, resources: {limits: {cpu: "1", memory: 1Gi}}}
`,
		},
		{
			name: "requests required: zero does not count", profile: requireRequests,
			pod: `
spec:
  containers:
  - {name: app, image: a, resources: {requests: {cpu: "0", memory: 1Gi}, limits: {memory: 1Gi}}}
`,
			want: []string{
				"spec.containers[0].resources.requests[cpu] (requests-required): a request of 0 does not count (every container must request cpu)",
			},
		},
		{
			name: "requests required: pod-level resources cover every container", profile: requireRequests,
			pod: `
spec:
  resources: {requests: {cpu: "1"}, limits: {memory: 2Gi}}
  containers:
  - {name: app, image: a}
  - {name: helper, image: h}
`,
		},
		{
			name: "container bounds on requests and limits", profile: bounds,
			pod: `
spec:
  containers:
  - {name: small, image: a, resources: {requests: {cpu: 50m}, limits: {memory: 32Mi}}}
  - {name: big, image: b, resources: {requests: {cpu: 2500m, memory: 64Mi}, limits: {cpu: "5", memory: 64Mi}}}
`,
			want: []string{
				"spec.containers[0].resources.requests[cpu] (container-min): request 50m is below the minimum 100m",
				"spec.containers[0].resources.limits[memory] (container-min): limit 32Mi is below the minimum 64Mi",
				"spec.containers[1].resources.requests[cpu] (container-max): request 2500m is above the maximum 2",
				"spec.containers[1].resources.limits[cpu] (container-max): limit 5 is above the maximum 4",
				"spec (pod-min): the pod's total memory request 96Mi is below the minimum 256Mi",
			},
		},
		{
			name: "bounds at the boundary pass", profile: bounds,
			pod: `
spec:
  containers:
  - {name: app, image: a, resources: {requests: {cpu: "2", memory: 256Mi}, limits: {cpu: "4", memory: 64Mi}}}
`,
		},
		{
			name: "pod totals: an init container runs next to the sidecars before it", profile: bounds,
			// requests: max(app 1 + proxy 1, migrate 2100m + proxy 1) = 3100m;
			// limits: max(app 2 + proxy 2, migrate 4 + proxy 2) = 6, exactly the maximum.
			pod: `
spec:
  initContainers:
  - {name: proxy, image: p, restartPolicy: Always, resources: {requests: {cpu: 1, memory: 128Mi}, limits: {cpu: 2, memory: 128Mi}}}
  - {name: migrate, image: m, resources: {requests: {cpu: 2100m, memory: 64Mi}, limits: {cpu: 4, memory: 64Mi}}}
  containers:
  - {name: app, image: a, resources: {requests: {cpu: 1, memory: 128Mi}, limits: {cpu: 2, memory: 128Mi}}}
`,
			want: []string{
				"spec.initContainers[1].resources.requests[cpu] (container-max): request 2100m is above the maximum 2",
				"spec (pod-max): the pod's total cpu request 3100m is above the maximum 3",
			},
		},
		{
			name: "pod totals: an unlimited container leaves the pod limit unbounded, not checked", profile: bounds,
			pod: `
spec:
  containers:
  - {name: app, image: a, resources: {requests: {cpu: 1, memory: 256Mi}, limits: {cpu: 4}}}
  - {name: helper, image: h, resources: {requests: {cpu: 1}, limits: {cpu: 3}}}
  - {name: unlimited, image: u, resources: {requests: {cpu: 100m}}}
`,
		},
		{
			name: "pod totals: pod-level values win", profile: bounds,
			pod: `
spec:
  resources: {requests: {cpu: "4", memory: 1Gi}, limits: {cpu: "8"}}
  containers:
  - {name: app, image: a, resources: {requests: {cpu: 1}}}
`,
			want: []string{
				"spec (pod-max): the pod's total cpu request 4 is above the maximum 3",
				"spec (pod-max): the pod's total cpu limit 8 is above the maximum 6",
			},
		},
		{
			name: "limit/request ratio", profile: ratios,
			pod: `
spec:
  containers:
  - {name: burst, image: a, resources: {requests: {cpu: 400m, memory: 1Gi}, limits: {cpu: 1, memory: 1Gi}}}
  - {name: thirds, image: b, resources: {requests: {cpu: 300m}, limits: {cpu: 700m}}}
  - {name: unlimited, image: c, resources: {requests: {cpu: 500m, memory: 64Mi}}}
  - {name: zero, image: d, resources: {requests: {cpu: "0"}, limits: {cpu: 100m}}}
  - {name: exact, image: e, resources: {requests: {cpu: 500m, memory: 64Mi}, limits: {cpu: 1, memory: 64Mi}}}
  - {name: none, image: f}
`,
			want: []string{
				"spec.containers[0].resources.limits[cpu] (limit-request-ratio): limit 1 is 2.5 times the request 400m, above the maximum ratio 2",
				"spec.containers[1].resources.limits[cpu] (limit-request-ratio): limit 700m is 2.33 times the request 300m, above the maximum ratio 2",
				"spec.containers[2].resources.limits[cpu] (limit-request-ratio): no limit, so the limit/request ratio is unbounded (maximum 2)",
				"spec.containers[2].resources.limits[memory] (limit-request-ratio): no limit, so the limit/request ratio is unbounded (maximum 1)",
				"spec.containers[3].resources.requests[cpu] (limit-request-ratio): request 0 under limit 100m makes the limit/request ratio unbounded (maximum 2)",
			},
		},
		{
			name: "limit/request ratio: a pod-level limit bounds containers without one", profile: ratios,
			pod: `
spec:
  resources: {limits: {cpu: "2", memory: 1Gi}}
  containers:
  - {name: app, image: a, resources: {requests: {cpu: 500m, memory: 256Mi}}}
`,
		},
		{
			name: "extended resources and ephemeral-storage", profile: extended,
			pod: `
spec:
  containers:
  - {name: trainer, image: t, resources: {limits: {example.com/gpu: "4", ephemeral-storage: 20Gi}}}
  - {name: app, image: a}
`,
			want: []string{
				"spec.containers[0].resources.requests[ephemeral-storage] (container-max): request 20Gi is above the maximum 10Gi",
				"spec.containers[0].resources.limits[example.com/gpu] (container-max): limit 4 is above the maximum 2",
				"spec.containers[1].resources.requests[ephemeral-storage] (requests-required): not set (every container must request ephemeral-storage)",
				"spec.containers[1].resources.limits[example.com/gpu] (limits-required): not set (every container must set a limit for example.com/gpu)",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			chain := chainFor(profileYAML(t, tt.profile), validators.Options{})
			res := chain.Validate(requestIn("team-a", "test", "", podYAML(t, tt.pod)))
			if diff := cmp.Diff(tt.want, violationStrings(res), cmpEmpty); diff != "" {
				t.Errorf("violations (-want +got):\n%s", diff)
			}
			for _, v := range res.Violations {
				if !slices.Contains(validators.Rules, v.Rule) {
					t.Errorf("rule %q is not in validators.Rules", v.Rule)
				}
			}
		})
	}
}

// cmpEmpty treats nil and empty slices alike.
var cmpEmpty = cmp.Comparer(func(a, b []string) bool { return slices.Equal(a, b) })
