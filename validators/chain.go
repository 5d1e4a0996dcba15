package validators

import (
	"fmt"

	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/podpatterns/podpatterns/mutators"
	"github.com/podpatterns/podpatterns/podresources"
)

// Validator checks a pod against one profile.
type Validator interface {
	// Name is a short stable name for logs.
	Name() string
	// Validate returns every violation of profile by req.Pod; nil when none.
	Validate(req *Request, profile *Profile) []Violation
}

// Chain resolves a namespace's profile and mode and runs every validator. It is built
// once per config revision and shared by all requests: it is read-only.
type Chain struct {
	profiles   map[string]Profile
	validators []Validator
}

// NewChain returns a chain over cfg's (defaulted, validated) profiles.
func NewChain(cfg Config, vs ...Validator) *Chain {
	return &Chain{profiles: cfg.Profiles, validators: vs}
}

// Validate checks req.Pod against the profile its namespace names. A namespace without
// the profile label yields an empty Result (nothing to enforce).
func (c *Chain) Validate(req *Request) Result {
	name, ok := req.Namespace.Labels[mutators.LabelProfile]
	if !ok {
		return Result{}
	}
	res := Result{Profile: name}
	modeLabel, hasMode := req.Namespace.Labels[LabelProfileMode]
	if hasMode && !Mode(modeLabel).Valid() {
		invalid := field.NotSupported(labelPath(req).Key(LabelProfileMode), modeLabel, Modes)
		invalid.Detail = fmt.Sprintf("%q is not enforce, warn or audit, so the profile's own mode applies", modeLabel)
		res.Violations = append(res.Violations, Violation{Rule: RuleInvalidMode, Error: invalid})
		hasMode = false // an invalid override never weakens the profile: fall back to its mode
	}
	profile, ok := c.profiles[name]
	switch {
	case hasMode:
		res.Mode = Mode(modeLabel)
	case ok:
		res.Mode = profile.Mode
	default:
		res.Mode = ModeEnforce
	}
	if !ok {
		notFound := field.NotFound(labelPath(req).Key(mutators.LabelProfile), name)
		notFound.Detail = fmt.Sprintf("the podpatterns config defines no profile %q", name)
		res.Violations = append(res.Violations, Violation{Rule: RuleUnknownProfile, Error: notFound})
		return res
	}
	if errs := podresources.CheckQuantities(req.Pod); len(errs) > 0 {
		for _, err := range errs { // nothing else can be judged on such a pod
			res.Violations = append(res.Violations, Violation{Rule: RuleQuantityRange, Error: err})
		}
		return res
	}
	for _, v := range c.validators {
		res.Violations = append(res.Violations, v.Validate(req, &profile)...)
	}
	return res
}

// labelPath is the path of the namespace's labels, built only for a violation.
func labelPath(req *Request) *field.Path {
	return field.NewPath("namespace", req.Namespace.Name, "labels")
}
