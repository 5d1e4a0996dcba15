package validators_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/podpatterns/podpatterns/mutators"
	"github.com/podpatterns/podpatterns/validators"
)

// TestReadinessProbeRule: containers that declare ports need a readiness probe: app
// containers and native sidecars; never regular init containers or containers without
// ports; exemptions by name and verified injected sidecars apply.
func TestReadinessProbeRule(t *testing.T) {
	const required = "probes: {readinessRequired: true}"
	const missingApp = "spec.containers[0].readinessProbe (readiness-probe-required): container \"app\" exposes port 8080/TCP " +
		"but defines no readiness probe: the pod would get traffic before it can serve"
	injected := validators.Injectables{mutators.PatternSidecar: {"proxy": {Name: "proxy", Image: "p"}}}
	tests := []struct {
		name, profile, pod string
		want               []string
	}{
		{name: "port without probe", profile: required, pod: `
spec:
  containers: [{name: app, image: a, ports: [{containerPort: 8080}]}]`, want: []string{missingApp}},
		{name: "port with probe", profile: required, pod: `
spec:
  containers: [{name: app, image: a, ports: [{containerPort: 8080}], readinessProbe: {httpGet: {port: 8080, path: /ready}}}]`},
		{name: "no ports", profile: required, pod: `
spec:
  containers: [{name: app, image: a}]`},
		{name: "rule off", profile: "probes: {defaultReadiness: true}", pod: `
spec:
  containers: [{name: app, image: a, ports: [{containerPort: 8080}]}]`},
		{name: "UDP port named in the message", profile: required, pod: `
spec:
  containers: [{name: app, image: a}, {name: dns, image: d, ports: [{containerPort: 53, protocol: UDP}]}]`, want: []string{
			"spec.containers[1].readinessProbe (readiness-probe-required): container \"dns\" exposes port 53/UDP " +
				"but defines no readiness probe: the pod would get traffic before it can serve"}},
		{name: "native sidecar judged, regular init container not", profile: required, pod: `
spec:
  initContainers:
  - {name: migrate, image: m, ports: [{containerPort: 9000}]}
  - {name: helper, image: h, restartPolicy: Always, ports: [{containerPort: 9001}]}
  containers: [{name: app, image: a}]`, want: []string{
			"spec.initContainers[1].readinessProbe (readiness-probe-required): container \"helper\" exposes port 9001/TCP " +
				"but defines no readiness probe: the pod would get traffic before it can serve"}},
		{name: "exempt by name", profile: required + "\nexempt: {containers: [app]}", pod: `
spec:
  containers: [{name: app, image: a, ports: [{containerPort: 8080}]}]`},
		{name: "verified injected sidecar exempt", profile: required + "\nexempt: {injectedSidecars: true}", pod: `
metadata:
  annotations: {podpatterns.io/status: '{"revision":"r","injected":{"sidecar":["proxy"]}}'}
spec:
  initContainers: [{name: proxy, image: p, restartPolicy: Always, ports: [{containerPort: 9001}]}]
  containers: [{name: app, image: a}]`},
		{name: "forged injected sidecar not exempt", profile: required + "\nexempt: {injectedSidecars: true}", pod: `
metadata:
  annotations: {podpatterns.io/status: '{"revision":"r","injected":{"sidecar":["proxy"]}}'}
spec:
  initContainers: [{name: proxy, image: other, restartPolicy: Always, ports: [{containerPort: 9001}]}]
  containers: [{name: app, image: a}]`, want: []string{
			"spec.initContainers[0].readinessProbe (readiness-probe-required): container \"proxy\" exposes port 9001/TCP " +
				"but defines no readiness probe: the pod would get traffic before it can serve"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			chain := chainFor(profileYAML(t, tt.profile), validators.Options{Injected: injected})
			res := chain.Validate(requestIn("team-a", "test", "", podYAML(t, tt.pod)))
			if diff := cmp.Diff(tt.want, violationStrings(res), cmpEmpty); diff != "" {
				t.Errorf("violations (-want +got):\n%s", diff)
			}
		})
	}
}
