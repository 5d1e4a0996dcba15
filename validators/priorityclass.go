package validators

import (
	"fmt"
	"slices"
	"strings"

	schedulingv1 "k8s.io/api/scheduling/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/podpatterns/podpatterns/mutators"
)

// priorityClassValidator checks the pod's final spec.priorityClassName (the mutating
// webhook may have set the profile's default) against the profile.
type priorityClassValidator struct {
	classes mutators.PriorityClassGetter
}

var _ Validator = (*priorityClassValidator)(nil)

// newPriorityClassValidator checks classes against lister; a nil lister means there is no
// view of the cluster (the offline CLI without class files): only the rules that need
// none (system classes, allowed names) are checked.
func newPriorityClassValidator(lister mutators.PriorityClassGetter) *priorityClassValidator {
	return &priorityClassValidator{classes: lister}
}

// Name is the validator's log name.
func (v *priorityClassValidator) Name() string { return "priority-class" }

var priorityClassPath = field.NewPath("spec", "priorityClassName")

// Validate returns at most one violation: the first rule the class breaks, in the order
// system, existence, allowed, value (a class that does not exist has no labels or value
// to judge).
func (v *priorityClassValidator) Validate(req *Request, p *Profile) []Violation {
	rules := &p.PriorityClasses
	name := req.Pod.Spec.PriorityClassName
	if name == "" {
		if !rules.restrictsNames() {
			return nil
		}
		return violation(RulePriorityClassNotAllowed, field.Required(priorityClassPath,
			"the pod names no priority class ("+rules.describeAllowed()+")"))
	}
	if _, system := systemPriorityClasses[name]; system {
		if req.Namespace.Name == systemNamespace || rules.AllowSystem {
			return nil
		}
		return violation(RulePriorityClassSystem, field.Forbidden(priorityClassPath,
			fmt.Sprintf("%s is reserved for the cluster's own components in %s", name, systemNamespace)))
	}
	pc, ok, viol := v.lookup(name)
	if viol != nil {
		return viol
	}
	if !ok && rules.Selector != nil && !slices.Contains(rules.Allowed, name) {
		return nil // no cluster view: the selector cannot be judged without the class's labels
	}
	if rules.restrictsNames() && !rules.allows(name, pc) {
		return violation(RulePriorityClassNotAllowed, field.Invalid(priorityClassPath, name,
			fmt.Sprintf("class %s is not allowed (%s)", name, rules.describeAllowed())))
	}
	if ok && rules.MaxValue != nil && pc.Value > *rules.MaxValue {
		return violation(RulePriorityClassValue, field.Invalid(priorityClassPath, name,
			fmt.Sprintf("class %s has value %d, above the maximum %d", name, pc.Value, *rules.MaxValue)))
	}
	return nil
}

// lookup finds the class. ok is false when there is no lister; viol is set when the
// class does not exist or the cache failed.
func (v *priorityClassValidator) lookup(name string) (pc *schedulingv1.PriorityClass, ok bool, viol []Violation) {
	if v.classes == nil {
		return nil, false, nil
	}
	pc, err := v.classes.Get(name)
	switch {
	case apierrors.IsNotFound(err):
		return nil, false, violation(RulePriorityClassNotFound, field.NotFound(priorityClassPath, name))
	case err != nil:
		return nil, false, violation(RulePriorityClassLookup, field.InternalError(priorityClassPath,
			fmt.Errorf("looking up PriorityClass %s: %w", name, err)))
	}
	return pc, true, nil
}

// allows reports whether the class is allowed by name or by selector (which needs the
// class object).
func (r *PriorityClassRules) allows(name string, pc *schedulingv1.PriorityClass) bool {
	if slices.Contains(r.Allowed, name) {
		return true
	}
	if r.Selector == nil || pc == nil {
		return false
	}
	sel, err := metav1.LabelSelectorAsSelector(r.Selector)
	return err == nil && sel.Matches(labels.Set(pc.Labels))
}

// describeAllowed says which classes the profile allows, for messages.
func (r *PriorityClassRules) describeAllowed() string {
	var parts []string
	if len(r.Allowed) > 0 {
		parts = append(parts, strings.Join(r.Allowed, ", "))
	}
	if r.Selector != nil {
		parts = append(parts, "classes labelled "+metav1.FormatLabelSelector(r.Selector))
	}
	return "allowed: " + strings.Join(parts, " or ")
}

// violation wraps one field error as a single-violation list.
func violation(rule Rule, err *field.Error) []Violation {
	return []Violation{{Rule: rule, Error: err}}
}
