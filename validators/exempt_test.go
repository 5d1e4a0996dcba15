package validators_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"

	"github.com/podpatterns/podpatterns/mutators"
	"github.com/podpatterns/podpatterns/validators"
)

// logShipper is a sidecar template as the mutators' config defines it (defaulted).
var logShipper = mutators.SidecarTemplate{
	Kind: mutators.KindSidecar,
	Container: corev1.Container{Name: "log-shipper", Image: "fluent-bit:3", Resources: corev1.ResourceRequirements{
		Limits: corev1.ResourceList{corev1.ResourceMemory: resource.MustParse("64Mi")},
	}},
}

const exemptProfile = `
minQOSClass: Burstable
resources:
  cpu: {requests: {required: true}, limits: {required: true}}
exempt:
  containers: [istio-proxy]
  injectedSidecars: true
`

// TestExemptions: named containers and verified injected sidecars skip the per-container
// rules; a forged status annotation or a look-alike container does not.
func TestExemptions(t *testing.T) {
	injected := validators.SidecarInjectables(map[string]mutators.SidecarTemplate{"log-shipper": logShipper})
	const status = `{"revision":"r1","injected":{"sidecar":["log-shipper"]}}`
	tests := []struct {
		name, pod string
		want      []string
	}{
		{
			name: "named container and injected sidecar are exempt",
			pod: `
metadata:
  annotations: {podpatterns.io/status: '` + status + `'}
spec:
  initContainers:
  - {name: log-shipper, image: "fluent-bit:3", restartPolicy: Always, resources: {limits: {memory: 64Mi}}}
  containers:
  - {name: app, image: a, resources: {limits: {cpu: "1"}}}
  - {name: istio-proxy, image: envoy}
`,
		},
		{
			name: "no status annotation: the sidecar is just a container",
			pod: `
spec:
  initContainers:
  - {name: log-shipper, image: "fluent-bit:3", restartPolicy: Always, resources: {limits: {memory: 64Mi}}}
  containers:
  - {name: app, image: a, resources: {limits: {cpu: "1"}}}
`,
			want: []string{
				"spec.initContainers[0].resources.requests[cpu] (requests-required): not set (every container must request cpu)",
				"spec.initContainers[0].resources.limits[cpu] (limits-required): not set (every container must set a limit for cpu)",
			},
		},
		{
			name: "forged status over a look-alike with other limits",
			pod: `
metadata:
  annotations: {podpatterns.io/status: '` + status + `'}
spec:
  containers:
  - {name: log-shipper, image: "fluent-bit:3", resources: {limits: {memory: 64Gi}}}
  - {name: app, image: a, resources: {limits: {cpu: "1"}}}
`,
			want: []string{
				"spec.containers[0].resources.requests[cpu] (requests-required): not set (every container must request cpu)",
				"spec.containers[0].resources.limits[cpu] (limits-required): not set (every container must set a limit for cpu)",
			},
		},
		{
			name: "a LimitRange default added a limit the template leaves unset: still the injected sidecar",
			pod: `
metadata:
  annotations: {podpatterns.io/status: '` + status + `'}
spec:
  initContainers:
  - {name: log-shipper, image: "fluent-bit:3", restartPolicy: Always, resources: {limits: {memory: 64Mi, ephemeral-storage: 1Gi}}}
  containers:
  - {name: app, image: a, resources: {limits: {cpu: "1"}}}
`,
		},
		{
			name: "forged status over a container with another image",
			pod: `
metadata:
  annotations: {podpatterns.io/status: '` + status + `'}
spec:
  containers:
  - {name: log-shipper, image: "miner:1", resources: {limits: {memory: 64Mi}}}
  - {name: app, image: a, resources: {limits: {cpu: "1"}}}
`,
			want: []string{
				"spec.containers[0].resources.requests[cpu] (requests-required): not set (every container must request cpu)",
				"spec.containers[0].resources.limits[cpu] (limits-required): not set (every container must set a limit for cpu)",
			},
		},
		{
			name: "exemptions never change the QoS class",
			pod: `
spec:
  containers:
  - {name: istio-proxy, image: envoy}
`,
			want: []string{
				"spec (qos-class): QoS class BestEffort is below the minimum Burstable: at least one container must request cpu or memory",
			},
		},
	}
	chain := chainFor(profileYAML(t, exemptProfile), validators.Options{Injected: injected})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := chain.Validate(requestIn("team-a", "test", "", podYAML(t, tt.pod)))
			if diff := cmp.Diff(tt.want, violationStrings(res), cmpEmpty); diff != "" {
				t.Errorf("violations (-want +got):\n%s", diff)
			}
		})
	}
}

// TestInjectedSidecarsOff: without injectedSidecars a verified sidecar is judged like any
// container.
func TestInjectedSidecarsOff(t *testing.T) {
	injected := validators.SidecarInjectables(map[string]mutators.SidecarTemplate{"log-shipper": logShipper})
	chain := chainFor(profileYAML(t, `resources: {cpu: {requests: {required: true}}}`), validators.Options{Injected: injected})
	pod := podYAML(t, `
metadata:
  annotations: {podpatterns.io/status: '{"revision":"r1","injected":{"sidecar":["log-shipper"]}}'}
spec:
  initContainers:
  - {name: log-shipper, image: "fluent-bit:3", restartPolicy: Always, resources: {limits: {memory: 64Mi}}}
  containers:
  - {name: app, image: a, resources: {requests: {cpu: "1"}}}
`)
	want := []string{"spec.initContainers[0].resources.requests[cpu] (requests-required): not set (every container must request cpu)"}
	if diff := cmp.Diff(want, violationStrings(chain.Validate(requestIn("ns", "test", "", pod)))); diff != "" {
		t.Errorf("violations (-want +got):\n%s", diff)
	}
}

// TestRendererExemption: the config-template renderer is recognised as injected by the
// template the status names (name, the image the mutator would choose, the template's
// limits), never by its name alone.
func TestRendererExemption(t *testing.T) {
	cfg := mutators.Config{
		ConfigTemplates: map[string]mutators.ConfigTemplate{"nginx": {TemplatesConfigMap: "t", ParamsConfigMap: "p", MountPath: "/etc/nginx"}},
		RenderImage:     "render:2",
	}
	cfg.Default()
	injected := validators.InjectablesOf(cfg, "self:1")
	const status = `{"revision":"r1","injected":{"config-template":["nginx"]}}`
	renderer := func(image, cpuLimit string) string {
		return `
metadata:
  annotations: {podpatterns.io/status: '` + status + `'}
spec:
  initContainers:
  - {name: podpatterns-render, image: "` + image + `", resources: {limits: {cpu: ` + cpuLimit + `, memory: 64Mi}}}
  containers:
  - {name: app, image: a, resources: {requests: {cpu: 10m}, limits: {cpu: 10m}}}
`
	}
	notExempt := func(q string) []string {
		return []string{"spec.initContainers[0].resources.requests[cpu] (container-max): request " + q + " is above the maximum 50m"}
	}
	tests := []struct {
		name, pod string
		want      []string
	}{
		{name: "the renderer of the named template is exempt", pod: renderer("render:2", "100m")},
		{name: "another image (the server's own, shadowed by renderImage) is not", pod: renderer("self:1", "100m"), want: notExempt("100m")},
		{name: "other limits are not", pod: renderer("render:2", `"4"`), want: notExempt("4")},
	}
	chain := chainFor(profileYAML(t, "resources: {cpu: {requests: {max: 50m}}}\nexempt: {injectedSidecars: true}\n"), validators.Options{Injected: injected})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := chain.Validate(requestIn("ns", "test", "", podYAML(t, tt.pod)))
			if diff := cmp.Diff(tt.want, violationStrings(res), cmpEmpty); diff != "" {
				t.Errorf("violations (-want +got):\n%s", diff)
			}
		})
	}
}
