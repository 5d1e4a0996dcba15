package validators_test

import (
	"reflect"
	"testing"

	corev1 "k8s.io/api/core/v1"
	kjson "sigs.k8s.io/json"

	"github.com/podpatterns/podpatterns/mutators"
	"github.com/podpatterns/podpatterns/validators"
)

// everyRule is a profile that exercises every validator and every code path that could
// be tempted to write into the pod (defaulting, QoS, totals, ratios, selectors).
const everyRule = `
minQOSClass: Guaranteed
resources:
  cpu:
    requests: {required: true, min: 10m, max: "4", podMin: 10m, podMax: "8"}
    limits: {required: true, max: "8", podMax: "16"}
    maxLimitRequestRatio: "2"
  memory:
    requests: {required: true, podMax: 64Gi}
    limits: {required: true, min: 1Mi}
    maxLimitRequestRatio: "1"
  hugepages-2Mi: {limits: {max: 1Gi}}
  example.com/gpu: {limits: {podMax: "2"}}
exempt: {containers: [istio-proxy], injectedSidecars: true}
priorityClasses:
  allowed: [standard]
  selector: {matchExpressions: [{key: podpatterns.io/tier, operator: In, values: [gold]}]}
  maxValue: 100000
`

// richPod has limits-only containers (whose requests the apiserver would default),
// pod-level resources without requests (defaulted too), native sidecars, a status
// annotation and a class: anything a validator might be tempted to fill in.
const richPod = `
metadata:
  name: web
  annotations: {podpatterns.io/status: '{"revision":"r","injected":{"sidecar":["log-shipper"]}}'}
spec:
  priorityClassName: gold
  resources: {limits: {cpu: "6", memory: 4Gi, hugepages-2Mi: 4Mi}}
  initContainers:
  - {name: log-shipper, image: "fluent-bit:3", restartPolicy: Always, resources: {limits: {memory: 64Mi}}}
  - {name: migrate, image: m, resources: {requests: {cpu: 100m}, limits: {cpu: "1", memory: 128Mi}}}
  containers:
  - {name: app, image: a, resources: {limits: {cpu: "2", memory: 1Gi, example.com/gpu: "1"}}}
  - {name: istio-proxy, image: envoy}
  - {name: worker, image: w, resources: {requests: {cpu: "0", memory: 2Gi}, limits: {cpu: 500m, memory: 3Gi}}}
`

func richChain(t testing.TB) *validators.Chain {
	injected := validators.SidecarInjectables(map[string]mutators.SidecarTemplate{"log-shipper": logShipper})
	return chainFor(profileYAML(t, everyRule), validators.Options{Injected: injected, PriorityClasses: classes})
}

// TestValidateNeverMutates: the validating path only reads the pod. The comparison is
// reflect.DeepEqual, stricter than semantic equality: even a quantity's cached string
// or a nil map becoming empty counts as a change.
func TestValidateNeverMutates(t *testing.T) {
	chain := richChain(t)
	for _, mode := range []string{"enforce", "warn", "audit"} {
		pod := podYAML(t, richPod)
		before := pod.DeepCopy()
		res := chain.Validate(requestIn("team-a", "test", mode, pod))
		_ = res.Response()
		if len(res.Violations) == 0 {
			t.Fatalf("%s: the rich pod breaks rules on purpose; no violation means the test checks nothing", mode)
		}
		if !reflect.DeepEqual(before, pod) {
			t.Errorf("%s: Validate changed the pod", mode)
		}
	}
}

// FuzzValidate: any pod the apiserver could send (decoded as the webhook decodes it) is
// judged without panicking and without being changed.
func FuzzValidate(f *testing.F) {
	f.Add([]byte(`{"spec":{"containers":[{"name":"app","resources":{"limits":{"cpu":"1"}}}]}}`))
	f.Add([]byte(`{"spec":{"resources":{"requests":{"memory":"1Ei"}},"initContainers":[{"name":"s","restartPolicy":"Always","resources":{"requests":{"cpu":"0"},"limits":{"cpu":"999999999999"}}}]}}`))
	f.Add([]byte(`{"metadata":{"annotations":{"podpatterns.io/status":"{\"injected\":{\"sidecar\":[\"log-shipper\"]}}"}},"spec":{"priorityClassName":"system-node-critical","containers":[{"name":"log-shipper","image":"fluent-bit:3"}]}}`))
	f.Add([]byte(`{"spec":{"containers":[{"name":"a","resources":{"requests":{"cpu":"1n","memory":"1"},"limits":{"cpu":"1E","memory":"1.5"}}}]}}`))
	chain := richChain(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		pod := &corev1.Pod{}
		if err := kjson.UnmarshalCaseSensitivePreserveInts(data, pod); err != nil {
			return
		}
		before := pod.DeepCopy()
		res := chain.Validate(requestIn("team-a", "test", "", pod))
		resp := res.Response()
		if !reflect.DeepEqual(before, pod) {
			t.Fatalf("Validate changed the pod")
		}
		if resp.Allowed == (len(res.Violations) > 0) {
			t.Fatalf("enforce mode: allowed=%v with %d violations", resp.Allowed, len(res.Violations))
		}
	})
}

// BenchmarkValidate measures one admission of the rich pod through every rule.
func BenchmarkValidate(b *testing.B) {
	chain := richChain(b)
	pod := podYAML(b, richPod)
	req := requestIn("team-a", "test", "", pod)
	b.ReportAllocs()
	for b.Loop() {
		_ = chain.Validate(req).Response()
	}
}
