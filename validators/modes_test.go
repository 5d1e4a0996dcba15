package validators_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/podpatterns/podpatterns/mutators"
	"github.com/podpatterns/podpatterns/validators"
)

// standardProfile is examples/config.yaml's `standard` in the given default mode.
func standardProfile(t *testing.T, mode string) validators.Config {
	return validators.Config{Profiles: map[string]validators.Profile{"standard": profileYAML(t, `
mode: `+mode+`
minQOSClass: Burstable
resources:
  cpu: {requests: {required: true}}
  memory: {requests: {required: true}}
`)}}
}

// bestEffortPod breaks two rules of standard: cpu request missing, BestEffort class.
const bestEffortPod = `
spec:
  containers:
  - {name: app, image: a, resources: {requests: {memory: "0"}}}
`

// The messages of the mode table, word for word.
const (
	cpuMissing  = "spec.containers[0].resources.requests[cpu] (requests-required): not set (every container must request cpu)"
	memZero     = "spec.containers[0].resources.requests[memory] (requests-required): a request of 0 does not count (every container must request memory)"
	qosTooLow   = "spec (qos-class): QoS class BestEffort is below the minimum Burstable: at least one container must request cpu or memory"
	denial      = `podpatterns profile "standard" denied the pod (3 violations): ` + cpuMissing + "; " + memZero + "; " + qosTooLow
	unknownLine = `namespace.team-a.labels[podpatterns.io/profile] (unknown-profile): the podpatterns config defines no profile "gold"`
)

// TestModes: the same pod in each mode, by profile default and by namespace label.
func TestModes(t *testing.T) {
	tests := []struct {
		name, profileMode, label, profile string
		want                              validators.Response
	}{
		{name: "enforce denies with every violation in one message", profileMode: "enforce", profile: "standard",
			want: validators.Response{Message: denial}},
		{name: "warn admits with one warning per violation", profileMode: "warn", profile: "standard",
			want: validators.Response{Allowed: true, Warnings: []string{
				`podpatterns profile "standard": ` + cpuMissing, `podpatterns profile "standard": ` + memZero, `podpatterns profile "standard": ` + qosTooLow,
			}}},
		{name: "audit admits with one annotation per rule", profileMode: "audit", profile: "standard",
			want: validators.Response{Allowed: true, AuditAnnotations: map[string]string{
				"profile": "standard",
				"requests-required": "spec.containers[0].resources.requests[cpu]: not set (every container must request cpu); " +
					"spec.containers[0].resources.requests[memory]: a request of 0 does not count (every container must request memory)",
				"qos-class": "spec: QoS class BestEffort is below the minimum Burstable: at least one container must request cpu or memory",
			}}},
		{name: "namespace label warn overrides enforce", profileMode: "enforce", label: "warn", profile: "standard",
			want: validators.Response{Allowed: true, Warnings: []string{
				`podpatterns profile "standard": ` + cpuMissing, `podpatterns profile "standard": ` + memZero, `podpatterns profile "standard": ` + qosTooLow,
			}}},
		{name: "namespace label enforce overrides audit", profileMode: "audit", label: "enforce", profile: "standard",
			want: validators.Response{Message: denial}},
		{name: "invalid mode label falls back to the profile's mode and says so", profileMode: "enforce", label: "dry-run", profile: "standard",
			want: validators.Response{Message: `podpatterns profile "standard" denied the pod (4 violations): ` +
				`namespace.team-a.labels[podpatterns.io/profile-mode] (invalid-mode): "dry-run" is not enforce, warn or audit, so the profile's own mode applies; ` +
				cpuMissing + "; " + memZero + "; " + qosTooLow}},
		{name: "unknown profile is a denial by default", profileMode: "enforce", profile: "gold",
			want: validators.Response{Message: `podpatterns profile "gold" denied the pod (1 violation): ` + unknownLine}},
		{name: "unknown profile in warn mode is a warning", profileMode: "enforce", label: "warn", profile: "gold",
			want: validators.Response{Allowed: true, Warnings: []string{`podpatterns profile "gold": ` + unknownLine}}},
		{name: "unknown profile in audit mode is never silent", profileMode: "enforce", label: "audit", profile: "gold",
			want: validators.Response{Allowed: true, Warnings: []string{`podpatterns profile "gold": ` + unknownLine},
				AuditAnnotations: map[string]string{"profile": "gold",
					"unknown-profile": `namespace.team-a.labels[podpatterns.io/profile]: the podpatterns config defines no profile "gold"`}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			chain := validators.New(standardProfile(t, tt.profileMode), validators.Options{})
			res := chain.Validate(requestIn("team-a", tt.profile, tt.label, podYAML(t, bestEffortPod)))
			if diff := cmp.Diff(tt.want, res.Response()); diff != "" {
				t.Errorf("response (-want +got):\n%s", diff)
			}
		})
	}
}

// TestResponseWithoutViolations: a compliant pod, and a namespace without a profile, are
// admitted with nothing attached in every mode.
func TestResponseWithoutViolations(t *testing.T) {
	good := `
spec:
  containers:
  - {name: app, image: a, resources: {requests: {cpu: 100m, memory: 64Mi}}}
`
	for _, mode := range []string{"enforce", "warn", "audit"} {
		chain := validators.New(standardProfile(t, mode), validators.Options{})
		res := chain.Validate(requestIn("team-a", "standard", "", podYAML(t, good)))
		if diff := cmp.Diff(validators.Response{Allowed: true}, res.Response()); diff != "" {
			t.Errorf("%s: response (-want +got):\n%s", mode, diff)
		}
		req := &validators.Request{Pod: podYAML(t, bestEffortPod), Namespace: mutators.Namespace{Name: "free", Labels: map[string]string{}}}
		if diff := cmp.Diff(validators.Response{Allowed: true}, chain.Validate(req).Response()); diff != "" {
			t.Errorf("%s, no profile label: response (-want +got):\n%s", mode, diff)
		}
	}
}

// TestFormattersAgreeWithResponse: the exported formatters are what Response uses, so the
// CLI can call either and print what the webhook answers.
func TestFormattersAgreeWithResponse(t *testing.T) {
	chain := validators.New(standardProfile(t, "enforce"), validators.Options{})
	res := chain.Validate(requestIn("team-a", "standard", "", podYAML(t, bestEffortPod)))
	if got := validators.DenialMessage(res); got != res.Response().Message || got != denial {
		t.Errorf("DenialMessage = %q", got)
	}
	res.Mode = validators.ModeWarn
	if diff := cmp.Diff(validators.Warnings(res), res.Response().Warnings); diff != "" {
		t.Errorf("Warnings differ from Response:\n%s", diff)
	}
	res.Mode = validators.ModeAudit
	if diff := cmp.Diff(validators.AuditAnnotations(res), res.Response().AuditAnnotations); diff != "" {
		t.Errorf("AuditAnnotations differ from Response:\n%s", diff)
	}
	for key := range validators.AuditAnnotations(res) {
		if len(key) == 0 || key[0] == '/' || containsSlash(key) {
			t.Errorf("audit key %q: the apiserver prefixes the webhook name and accepts exactly one '/'", key)
		}
	}
}

func containsSlash(s string) bool {
	for _, r := range s {
		if r == '/' {
			return true
		}
	}
	return false
}
