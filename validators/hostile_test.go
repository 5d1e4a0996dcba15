package validators_test

import (
	"fmt"
	"testing"
	"time"

	"sigs.k8s.io/yaml"

	"github.com/podpatterns/podpatterns/validators"
)

// hostileProfile exercises every comparison the resource and QoS validators make.
const hostileProfile = `
minQOSClass: Burstable
resources:
  cpu:
    requests: {min: 10m, max: "4", podMin: 10m, podMax: "8"}
    limits: {max: "8", podMax: "16"}
    maxLimitRequestRatio: "2"
  memory:
    requests: {min: 1Mi, max: 8Gi, podMax: 16Gi}
    limits: {max: 16Gi}
    maxLimitRequestRatio: "2"
  ephemeral-storage: {requests: {max: 10Gi}, limits: {max: 20Gi}}
  example.com/gpu: {limits: {max: "2"}}
  hugepages-2Mi: {limits: {max: 1Gi}}
`

// TestHostileQuantities: quantities the apiserver accepts (it rejects only negative
// values) but that no comparison can judge — 10e2147483646 is how the apiserver
// re-encodes 1e2147483647, and Quantity.Cmp on it never returns; limit/request ratios of
// extreme values divided by zero — are answered promptly, without a panic, with one
// quantity-range violation per quantity and nothing else judged.
func TestHostileQuantities(t *testing.T) {
	chain := chainFor(profileYAML(t, hostileProfile), validators.Options{})
	for _, q := range []string{"1e2147483647", "10e2147483646", "1e400", "9223372036854775808"} {
		for _, name := range []string{"cpu", "memory", "ephemeral-storage", "example.com/gpu", "hugepages-2Mi"} {
			for where, res := range map[string]string{
				"request": fmt.Sprintf("requests: {%s: %s}, limits: {%s: '1'}", name, q, name),
				"limit":   fmt.Sprintf("requests: {%s: '1'}, limits: {%s: %s}", name, name, q),
				"both":    fmt.Sprintf("requests: {%s: %s}, limits: {%s: %s}", name, q, name, q),
			} {
				t.Run(q+"/"+name+"/"+where, func(t *testing.T) {
					pod := podYAML(t, fmt.Sprintf(`
spec:
  containers:
  - {name: app, image: a, resources: {requests: {cpu: 100m, memory: 64Mi}, limits: {cpu: 100m, memory: 64Mi}}}
  - {name: big, image: b, resources: {%s}}
`, res))
					got := validateWithin(t, chain, requestIn("ns", "test", "", pod))
					for _, v := range got.Violations {
						if v.Rule != validators.RuleQuantityRange {
							t.Errorf("out-of-range pods are not judged further, got %s", v)
						}
					}
					if want := map[string]int{"request": 1, "limit": 1, "both": 2}[where]; len(got.Violations) != want {
						t.Errorf("%d violations, want %d: %v", len(got.Violations), want, got.Violations)
					}
				})
			}
		}
	}
}

// TestHostileQuantityMessage: the violation names the field, the value as the apiserver
// re-encodes it, and the range.
func TestHostileQuantityMessage(t *testing.T) {
	pod := podYAML(t, `
spec:
  containers: [{name: app, image: a, resources: {requests: {cpu: 1e2147483647}}}]
`)
	got := validateWithin(t, chainFor(profileYAML(t, hostileProfile), validators.Options{}), requestIn("ns", "test", "", pod))
	want := `spec.containers[0].resources.requests[cpu] (quantity-range): 10e2147483646 is out of range: ` +
		`podpatterns judges quantities up to 9223372036854775807 (2^63-1) base units, the largest an int64 ` +
		`(what nodes, the scheduler and the kubelet count in) holds`
	if s := violationStrings(got); len(s) != 1 || s[0] != want {
		t.Errorf("violations = %q\nwant %q", s, want)
	}
}

// TestConfigRejectsOutOfRangeBounds: a profile bound no comparison can use is a config
// error with its path, not a hang at the first pod.
func TestConfigRejectsOutOfRangeBounds(t *testing.T) {
	var p validators.Profile
	doc := `
resources:
  cpu:
    requests: {max: 1e2147483647}
    maxLimitRequestRatio: 10e2147483646
`
	if err := yaml.UnmarshalStrict([]byte(doc), &p); err != nil {
		t.Fatal(err)
	}
	p.Default()
	var errs []string
	done := make(chan struct{})
	go func() {
		defer close(done)
		for _, e := range p.Validate(nil) {
			errs = append(errs, e.Error())
		}
	}()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Validate did not return within 5s")
	}
	if len(errs) != 2 {
		t.Errorf("want 2 out-of-range errors, got %q", errs)
	}
}

// validateWithin runs chain.Validate with a time bound and turns a panic into a failure.
func validateWithin(t *testing.T, chain *validators.Chain, req *validators.Request) validators.Result {
	t.Helper()
	type outcome struct {
		res   validators.Result
		panic any
	}
	done := make(chan outcome, 1)
	go func() {
		defer func() {
			if r := recover(); r != nil {
				done <- outcome{panic: r}
			}
		}()
		done <- outcome{res: chain.Validate(req)}
	}()
	select {
	case o := <-done:
		if o.panic != nil {
			t.Fatalf("Validate panicked: %v", o.panic)
		}
		return o.res
	case <-time.After(5 * time.Second):
		t.Fatal("Validate did not return within 5s")
	}
	return validators.Result{}
}
