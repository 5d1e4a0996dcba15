package validators_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/podpatterns/podpatterns/validators"
)

// TestQOSClassRule: the minimum class, computed as the kubelet does (the class itself is
// tested against upstream in package qos).
func TestQOSClassRule(t *testing.T) {
	const (
		bestEffort = `
spec:
  containers: [{name: app, image: a}]`
		burstable = `
spec:
  containers: [{name: app, image: a, resources: {requests: {memory: 1Gi}}}]`
		guaranteed = `
spec:
  initContainers: [{name: proxy, image: p, restartPolicy: Always, resources: {limits: {cpu: 100m, memory: 64Mi}}}]
  containers: [{name: app, image: a, resources: {limits: {cpu: "1", memory: 1Gi}}}]`
		podLevelGuaranteed = `
spec:
  resources: {limits: {cpu: "2", memory: 2Gi}}
  containers: [{name: app, image: a}]`
	)
	tests := []struct {
		name, min, pod string
		want           []string
	}{
		{name: "Guaranteed required, Guaranteed pod", min: "Guaranteed", pod: guaranteed},
		{name: "Guaranteed required, pod-level Guaranteed", min: "Guaranteed", pod: podLevelGuaranteed},
		{name: "Guaranteed required, Burstable pod", min: "Guaranteed", pod: burstable, want: []string{
			"spec (qos-class): QoS class Burstable is below the minimum Guaranteed: every container, init containers and sidecars included, " +
				"needs cpu and memory limits equal to its requests (or the pod sets equal pod-level requests and limits)",
		}},
		{name: "Guaranteed required, BestEffort pod", min: "Guaranteed", pod: bestEffort, want: []string{
			"spec (qos-class): QoS class BestEffort is below the minimum Guaranteed: every container, init containers and sidecars included, " +
				"needs cpu and memory limits equal to its requests (or the pod sets equal pod-level requests and limits)",
		}},
		{name: "Burstable required, Burstable pod", min: "Burstable", pod: burstable},
		{name: "Burstable required, Guaranteed pod", min: "Burstable", pod: guaranteed},
		{name: "Burstable required, BestEffort pod", min: "Burstable", pod: bestEffort, want: []string{
			"spec (qos-class): QoS class BestEffort is below the minimum Burstable: at least one container must request cpu or memory",
		}},
		{name: "no minimum, BestEffort pod", min: "", pod: bestEffort},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			chain := chainFor(profileYAML(t, "minQOSClass: "+tt.min), validators.Options{})
			res := chain.Validate(requestIn("team-a", "test", "", podYAML(t, tt.pod)))
			if diff := cmp.Diff(tt.want, violationStrings(res), cmpEmpty); diff != "" {
				t.Errorf("violations (-want +got):\n%s", diff)
			}
		})
	}
}
