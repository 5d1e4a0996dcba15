package mutators

import (
	"fmt"
	"strings"
	"sync"

	corev1 "k8s.io/api/core/v1"
	psaapi "k8s.io/pod-security-admission/api"
	"k8s.io/pod-security-admission/policy"
)

// SkipPodSecurity: the injection would make the pod fail the Pod Security level its
// namespace enforces (pod-security.kubernetes.io/enforce), a level the pod met without
// it: the API server would reject a pod it admits without podpatterns.
const SkipPodSecurity SkipReason = "pod-security"

// podSecurityEvaluator is the API server's own Pod Security policy (the same library,
// the same default checks), built once.
var podSecurityEvaluator = sync.OnceValue(func() policy.Evaluator {
	e, err := policy.NewEvaluator(policy.DefaultChecks(), nil)
	if err != nil {
		panic(fmt.Sprintf("pod security checks: %v", err)) // the library's own list: never
	}
	return e
})

// securityLevel is one Pod Security mode of the namespace (enforce, warn or audit) with
// the level and version its labels name.
type securityLevel struct {
	mode string
	lv   psaapi.LevelVersion
}

// podSecurity holds the namespace's Pod Security levels above privileged that the
// pod met before any injection: only those are protected (a pod already failing the
// enforced level is rejected, or exempt, with or without podpatterns).
type podSecurity struct {
	levels []securityLevel
}

// podSecurityOf reads the namespace's pod-security.kubernetes.io labels (as the API
// server resolves them, privileged:latest when unset) and keeps the levels pod meets.
// A namespace without such a label costs three map lookups.
func podSecurityOf(labels map[string]string, pod *corev1.Pod) podSecurity {
	_, e := labels[psaapi.EnforceLevelLabel]
	_, w := labels[psaapi.WarnLevelLabel]
	_, a := labels[psaapi.AuditLevelLabel]
	if !e && !w && !a {
		return podSecurity{}
	}
	p, _ := psaapi.PolicyToEvaluate(labels, privilegedPolicy) // invalid labels resolve as the API server resolves them
	var ps podSecurity
	for _, l := range []securityLevel{{"enforce", p.Enforce}, {"warn", p.Warn}, {"audit", p.Audit}} {
		if l.lv.Level == psaapi.LevelPrivileged || ps.has(l.lv) {
			continue
		}
		if failed := failedChecks(l.lv, pod, &pod.Spec); failed == "" {
			ps.levels = append(ps.levels, l)
		}
	}
	return ps
}

// privilegedPolicy is the API server's default policy (its admission configuration's
// defaults unset): privileged:latest in every mode.
var privilegedPolicy = func() psaapi.Policy {
	lv := psaapi.LevelVersion{Level: psaapi.LevelPrivileged, Version: psaapi.LatestVersion()}
	return psaapi.Policy{Enforce: lv, Audit: lv, Warn: lv}
}()

// has reports whether an equivalent level is kept already (warn defaults to enforce).
func (ps *podSecurity) has(lv psaapi.LevelVersion) bool {
	for _, l := range ps.levels {
		if l.lv.Equivalent(&lv) {
			return true
		}
	}
	return false
}

// failedChecks evaluates spec at lv and describes the checks it fails ("" when it
// meets the level), as the API server words them: reason (detail), ...
func failedChecks(lv psaapi.LevelVersion, pod *corev1.Pod, spec *corev1.PodSpec) string {
	res := policy.AggregateCheckResults(podSecurityEvaluator().EvaluatePod(lv, &pod.ObjectMeta, spec))
	if res.Allowed {
		return ""
	}
	parts := make([]string, len(res.ForbiddenReasons))
	for i, r := range res.ForbiddenReasons {
		parts[i] = r
		if d := res.ForbiddenDetails[i]; d != "" {
			parts[i] += " (" + d + ")"
		}
	}
	return strings.Join(parts, ", ")
}

// podSecurityRefuses evaluates the pod as it would be with c added (an init container
// when init) and vols, at every level the pod met before. It refuses the injection
// (SkipPodSecurity, with a warning naming the level and the failed checks) when the
// enforced level would fail; a failed warn or audit level only adds a warning.
func podSecurityRefuses(req *Request, p Pattern, name string, c *corev1.Container, init bool, vols []corev1.Volume) bool {
	if len(req.security.levels) == 0 {
		return false
	}
	spec := req.Pod.Spec
	if init {
		spec.InitContainers = append(append(make([]corev1.Container, 0, len(spec.InitContainers)+1), spec.InitContainers...), *c)
	} else {
		spec.Containers = append(append(make([]corev1.Container, 0, len(spec.Containers)+1), spec.Containers...), *c)
	}
	spec.Volumes = append(append(make([]corev1.Volume, 0, len(spec.Volumes)+len(vols)), spec.Volumes...), vols...)
	var notices []string
	for _, l := range req.security.levels {
		failed := failedChecks(l.lv, req.Pod, &spec)
		switch {
		case failed == "":
		case l.mode == "enforce":
			req.Report.Skip(p, name, SkipPodSecurity, true,
				"the namespace enforces Pod Security %q and with it the pod would fail: %s", l.lv.String(), failed)
			return true
		default:
			notices = append(notices, fmt.Sprintf("podpatterns: %s %q makes the pod fail Pod Security %q (the namespace's %s level): %s",
				p, name, l.lv.String(), l.mode, failed))
		}
	}
	req.Report.Warnings = append(req.Report.Warnings, notices...)
	return false
}
