package analyze

import (
	"fmt"

	corev1 "k8s.io/api/core/v1"

	"github.com/podpatterns/podpatterns/admission"
	"github.com/podpatterns/podpatterns/mutators"
	"github.com/podpatterns/podpatterns/validators"
)

// reported are the skips of the admission core that mean the cluster asks for something
// the config cannot give (a name it lacks, a level or OS the template cannot meet, a
// default it refuses): errors. Other skips (opted out, already injected) are the core
// working as meant and are not reported.
var reported = map[mutators.SkipReason]Severity{
	mutators.SkipUnknownTemplate: SeverityError,
	mutators.SkipWrongKind:       SeverityError,
	mutators.SkipPodSecurity:     SeverityError,
	mutators.SkipInvalidDefault:  SeverityError,
	mutators.SkipOSMismatch:      SeverityWarning,
	mutators.SkipLimitRange:      SeverityError,
	mutators.SkipBreaksProfile:   SeverityWarning,
}

// probePod is a pod with one app container, no annotation of its own, that meets Pod
// Security restricted on its own: what the namespace's own labels and defaults do to a
// pod that a namespace of any level admits (the core protects only levels a pod meets).
func probePod(namespace string) *corev1.Pod {
	no, yes := false, true
	return &corev1.Pod{
		ObjectMeta: metaIn(namespace),
		Spec: corev1.PodSpec{
			SecurityContext: &corev1.PodSecurityContext{RunAsNonRoot: &yes, SeccompProfile: &corev1.SeccompProfile{Type: corev1.SeccompProfileTypeRuntimeDefault}},
			Containers: []corev1.Container{{Name: "app", Image: "app", SecurityContext: &corev1.SecurityContext{
				AllowPrivilegeEscalation: &no, Capabilities: &corev1.Capabilities{Drop: []corev1.Capability{"ALL"}}}}},
		},
	}
}

// Namespace checks one namespace: its profile and mode labels, and its defaults run
// through the mutating core on a probe pod. It returns the findings and the skips the
// probe got, which Workload does not report again for every workload of the namespace.
func Namespace(p *admission.Pipeline, ns mutators.Namespace) ([]Finding, []mutators.Skip, error) {
	obj := "Namespace/" + ns.Name
	var out []Finding
	if name, ok := ns.Labels[mutators.LabelProfile]; ok && p.KnownProfile(name) != name {
		out = append(out, Finding{SeverityError, CodeUnknownProfile, obj,
			fmt.Sprintf("label %s=%s names a profile the config does not define: every pod of the namespace is denied", mutators.LabelProfile, name)})
	}
	if mode, ok := ns.Labels[validators.LabelProfileMode]; ok && !validators.Mode(mode).Valid() {
		out = append(out, Finding{SeverityError, CodeInvalidMode, obj,
			fmt.Sprintf("label %s=%s is not enforce, warn or audit: the profile's own mode applies", validators.LabelProfileMode, mode)})
	}
	m, err := p.MutatePod(probePod(ns.Name), ns)
	if err != nil {
		return nil, nil, err
	}
	return append(out, skipFindings(obj, m.Report.Skipped, nil)...), m.Report.Skipped, nil
}

// skipFindings turns the reported skips into findings, leaving out those in known.
func skipFindings(obj string, skips, known []mutators.Skip) []Finding {
	var out []Finding
	for _, s := range skips {
		sev, ok := reported[s.Reason]
		if !ok || containsSkip(known, s) {
			continue
		}
		out = append(out, Finding{sev, Code(s.Reason), obj, fmt.Sprintf("%s %s: %s", s.Pattern, s.Template, s.Message)})
	}
	return out
}

func containsSkip(skips []mutators.Skip, s mutators.Skip) bool {
	for _, k := range skips {
		if k.Pattern == s.Pattern && k.Template == s.Template && k.Reason == s.Reason {
			return true
		}
	}
	return false
}
