package validators

import (
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"
)

// Profile is one named resource profile (Predictable Demands, chapter 2): what every pod
// of a namespace that selects it must declare about its resources and priority.
type Profile struct {
	// Mode is the default mode when the namespace has no podpatterns.io/profile-mode label.
	// Default enforce.
	Mode Mode `json:"mode,omitempty"`
	// MinQOSClass is the lowest QoS class a pod may have: Guaranteed, or Burstable (which
	// forbids BestEffort). Empty allows every class. The class is the one the kubelet
	// uses, computed over every container, exempt ones included.
	MinQOSClass corev1.PodQOSClass `json:"minQOSClass,omitempty"`
	// Resources are the rules per resource: cpu, memory, ephemeral-storage,
	// hugepages-<size> or an extended resource such as example.com/gpu.
	Resources map[corev1.ResourceName]ResourceRule `json:"resources,omitempty"`
	// Exempt names the containers the per-container resource rules skip.
	Exempt Exemptions `json:"exempt"`
	// PriorityClasses are the profile's priority class rules and default.
	PriorityClasses PriorityClassRules `json:"priorityClasses"`
	// Probes are the profile's Health Probe rules and default.
	Probes ProbeRules `json:"probes"`
}

// qosRank orders the classes a profile can require.
var qosRank = map[corev1.PodQOSClass]int{
	corev1.PodQOSBestEffort: 0,
	corev1.PodQOSBurstable:  1,
	corev1.PodQOSGuaranteed: 2,
}

// minQOSClasses are the values MinQOSClass accepts besides empty.
var minQOSClasses = []corev1.PodQOSClass{corev1.PodQOSGuaranteed, corev1.PodQOSBurstable}

// Default fills in the mode.
func (p *Profile) Default() {
	if p.Mode == "" {
		p.Mode = ModeEnforce
	}
}

// Validate checks a defaulted profile.
func (p *Profile) Validate(path *field.Path) field.ErrorList {
	var errs field.ErrorList
	if !p.Mode.Valid() {
		errs = append(errs, field.NotSupported(path.Child("mode"), p.Mode, Modes))
	}
	switch p.MinQOSClass {
	case "", corev1.PodQOSGuaranteed, corev1.PodQOSBurstable:
	default:
		errs = append(errs, field.NotSupported(path.Child("minQOSClass"), p.MinQOSClass, minQOSClasses))
	}
	for _, name := range sortedResourceNames(p.Resources) {
		rule := p.Resources[name]
		errs = append(errs, rule.Validate(path.Child("resources").Key(string(name)), name)...)
	}
	errs = append(errs, p.Exempt.Validate(path.Child("exempt"))...)
	errs = append(errs, p.PriorityClasses.Validate(path.Child("priorityClasses"))...)
	return errs
}
