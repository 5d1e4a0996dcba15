package mutators

import (
	"slices"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"
)

// SkipOSMismatch: the pod runs on an operating system the template is not declared for
// (its `os` field; config templates and config images are Linux only). A Linux helper
// never starts on a Windows node, and the API server rejects a Windows pod carrying its
// Linux-only securityContext fields.
const SkipOSMismatch SkipReason = "os-mismatch"

// LabelOS is the well-known node label a pod may select its OS with.
const LabelOS = "kubernetes.io/os"

// podOS is the operating system the pod is declared for: spec.os.name, else its
// kubernetes.io/os node selector, else linux (what a pod without either runs on in
// practice: helpers have always been Linux containers).
func podOS(pod *corev1.Pod) corev1.OSName {
	if pod.Spec.OS != nil && pod.Spec.OS.Name != "" {
		return pod.Spec.OS.Name
	}
	if os := pod.Spec.NodeSelector[LabelOS]; os != "" {
		return corev1.OSName(os)
	}
	return corev1.Linux
}

// linuxOnly is the OS of the renderer and the config image copier: Linux containers
// with Linux-only securityContext fields.
var linuxOnly = []corev1.OSName{corev1.Linux}

// OSes is the template's `os` list, linux when unset.
func (t *SidecarTemplate) OSes() []corev1.OSName {
	if len(t.OS) == 0 {
		return []corev1.OSName{corev1.Linux}
	}
	return t.OS
}

// skipForOS records (with a warning) that the pod's OS is not one of oses.
func skipForOS(req *Request, p Pattern, name string, oses []corev1.OSName) bool {
	os := podOS(req.Pod)
	if slices.Contains(oses, os) {
		return false
	}
	req.Report.Skip(p, name, SkipOSMismatch, true, "the pod runs on %s (spec.os.name or its %s node selector) and the template is for %v", os, LabelOS, oses)
	return true
}

// validateOS checks the `os` list and that a template declared for Windows sets none of
// the securityContext fields the API server forbids in a Windows pod.
func (t *SidecarTemplate) validateOS(p *field.Path) field.ErrorList {
	var errs field.ErrorList
	for i, os := range t.OS {
		if os != corev1.Linux && os != corev1.Windows {
			errs = append(errs, field.NotSupported(p.Child("os").Index(i), os, []corev1.OSName{corev1.Linux, corev1.Windows}))
		}
	}
	sc := t.Container.SecurityContext
	if !slices.Contains(t.OS, corev1.Windows) || sc == nil {
		return errs
	}
	sp := p.Child("container", "securityContext")
	for _, f := range []struct {
		name string
		set  bool
	}{
		{"seLinuxOptions", sc.SELinuxOptions != nil}, {"seccompProfile", sc.SeccompProfile != nil},
		{"appArmorProfile", sc.AppArmorProfile != nil}, {"capabilities", sc.Capabilities != nil},
		{"readOnlyRootFilesystem", sc.ReadOnlyRootFilesystem != nil}, {"privileged", sc.Privileged != nil},
		{"allowPrivilegeEscalation", sc.AllowPrivilegeEscalation != nil}, {"procMount", sc.ProcMount != nil},
		{"runAsUser", sc.RunAsUser != nil}, {"runAsGroup", sc.RunAsGroup != nil},
	} {
		if f.set {
			errs = append(errs, field.Forbidden(sp.Child(f.name), "a template declared for windows may not set Linux-only fields (the API server rejects them in a Windows pod)"))
		}
	}
	return errs
}
