package main

import (
	"strings"
	"testing"
	"time"

	"github.com/podpatterns/podpatterns/podresources"
)

// TestCLIRefusesUnboundedQuantities: inject and validate on a manifest whose quantity
// ParseQuantity would never finish (quoted, and a Deployment's template) report it and
// the bound instead of burning a core. Bounded: a regression fails, not hangs.
func TestCLIRefusesUnboundedQuantities(t *testing.T) {
	pod := "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: app, image: nginx, resources: {requests: {cpu: \"1e-2147483647\"}}}]\n"
	deployment := "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  template:\n    spec:\n" +
		"      containers: [{name: app, image: nginx, resources: {limits: {memory: \"1e2147483649\"}}}]\n"
	for _, manifest := range []string{pod, deployment} {
		for _, args := range [][]string{{"inject"}, {"validate", "--profile", "standard"}} {
			args = append(args, "-f", "-", "--config", "../../examples/config.yaml")
			type result struct {
				out, errOut string
				err         error
			}
			done := make(chan result, 1)
			go func() {
				out, errOut, err := runCLI(t, manifest, args...)
				done <- result{out, errOut, err}
			}()
			select {
			case r := <-done:
				if r.err == nil || !strings.Contains(r.out+r.errOut+r.err.Error(), podresources.QuantityBoundDetail) {
					t.Errorf("%v on %.40q: err %v, out %q, stderr %q: want a refusal naming the bound", args[0], manifest, r.err, r.out, r.errOut)
				}
			case <-time.After(20 * time.Second):
				t.Fatalf("%v: no answer within 20s (the quantity was parsed)", args[0])
			}
		}
	}
}
