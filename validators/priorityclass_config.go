package validators

import (
	"fmt"
	"slices"
	"strings"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	metav1validation "k8s.io/apimachinery/pkg/apis/meta/v1/validation"
	"k8s.io/apimachinery/pkg/util/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"
)

// The built-in priority classes every cluster has, reserved for the cluster's own
// components, with the values the apiserver creates them with
// (k8s.io/kubernetes/pkg/apis/scheduling: SystemCriticalPriority = 2 billion).
var systemPriorityClasses = map[string]int32{
	"system-node-critical":    2_000_001_000,
	"system-cluster-critical": 2_000_000_000,
}

// systemNamespace is the only namespace where the system classes are always allowed.
const systemNamespace = "kube-system"

// maxUserPriority is the highest value a user-defined PriorityClass may have
// (HighestUserDefinablePriority); a cap above it caps nothing.
const maxUserPriority = 1_000_000_000

// PriorityClassRules are a profile's priority class rules.
type PriorityClassRules struct {
	// Allowed lists the class names pods may use. With Selector, a class is allowed
	// when either admits it. When both are empty every existing class is allowed and a
	// pod may name none; otherwise a pod must name an allowed class.
	Allowed []string `json:"allowed,omitempty"`
	// Selector allows the classes whose labels it matches (PriorityClass objects from
	// the informer cache).
	Selector *metav1.LabelSelector `json:"selector,omitempty"`
	// Default is the class the mutating webhook sets on a pod that names none. Unset:
	// no default. The apiserver's own global default class (globalDefault: true) is
	// applied before webhooks run, so in clusters that have one this rarely applies.
	Default string `json:"default,omitempty"`
	// AllowSystem lets pods outside kube-system use system-node-critical and
	// system-cluster-critical. They are reserved for the cluster's own components and
	// denied by default; when allowed they pass regardless of Allowed, Selector and MaxValue.
	AllowSystem bool `json:"allowSystem,omitempty"`
	// MaxValue caps the value of the class a pod may use.
	MaxValue *int32 `json:"maxValue,omitempty"`
}

// restrictsNames reports whether the pod must name one of a set of classes.
func (r *PriorityClassRules) restrictsNames() bool {
	return len(r.Allowed) > 0 || r.Selector != nil
}

// Validate checks names, the selector and that the default is itself allowed.
func (r *PriorityClassRules) Validate(path *field.Path) field.ErrorList {
	var errs field.ErrorList
	seen := map[string]bool{}
	for i, name := range r.Allowed {
		p := path.Child("allowed").Index(i)
		errs = append(errs, r.validateName(p, name)...)
		if seen[name] {
			errs = append(errs, field.Duplicate(p, name))
		}
		seen[name] = true
	}
	if r.Selector != nil {
		errs = append(errs, metav1validation.ValidateLabelSelector(r.Selector,
			metav1validation.LabelSelectorValidationOptions{}, path.Child("selector"))...)
	}
	if r.Default != "" {
		p := path.Child("default")
		errs = append(errs, r.validateName(p, r.Default)...)
		if len(r.Allowed) > 0 && r.Selector == nil && !seen[r.Default] {
			errs = append(errs, field.Invalid(p, r.Default, "must be one of allowed: "+strings.Join(r.Allowed, ", ")))
		}
	}
	if r.MaxValue != nil && *r.MaxValue > maxUserPriority {
		errs = append(errs, field.Invalid(path.Child("maxValue"), *r.MaxValue,
			fmt.Sprintf("user-defined classes never exceed %d, so this caps nothing", maxUserPriority)))
	}
	return errs
}

// validateName checks a class name: a DNS subdomain, and a system class only when AllowSystem.
func (r *PriorityClassRules) validateName(p *field.Path, name string) field.ErrorList {
	var errs field.ErrorList
	for _, msg := range validation.IsDNS1123Subdomain(name) {
		errs = append(errs, field.Invalid(p, name, msg))
	}
	if _, system := systemPriorityClasses[name]; system && !r.AllowSystem {
		errs = append(errs, field.Invalid(p, name, "a system class; set allowSystem: true to let pods outside kube-system use it"))
	}
	return errs
}

// sortedSystemClasses lists the system class names, for messages.
func sortedSystemClasses() []string {
	names := make([]string, 0, len(systemPriorityClasses))
	for name := range systemPriorityClasses {
		names = append(names, name)
	}
	slices.Sort(names)
	return names
}
