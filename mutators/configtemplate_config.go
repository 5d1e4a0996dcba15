package mutators

import (
	"path"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"
)

// ConfigTemplate is one Configuration Template set-up (chapter 21): an init container
// renders every file of TemplatesConfigMap with the parameters of ParamsConfigMap into an
// emptyDir that is mounted into the app containers at MountPath.
type ConfigTemplate struct {
	// TemplatesConfigMap holds the template files (one key per file), in the pod's namespace.
	TemplatesConfigMap string `json:"templatesConfigMap"`
	// ParamsConfigMap holds the parameters (one key per parameter).
	ParamsConfigMap string `json:"paramsConfigMap"`
	// AllowParamsOverride lets a pod pick another params ConfigMap with
	// podpatterns.io/config-params. Default false.
	AllowParamsOverride bool `json:"allowParamsOverride,omitempty"`
	// MountPath is where app containers see the rendered files.
	MountPath string `json:"mountPath"`
	// Image overrides the renderer image (default: Config.RenderImage).
	Image string `json:"image,omitempty"`
	// Resources of the init container; defaulted small, and set requests = limits when
	// the pod is Guaranteed.
	Resources corev1.ResourceRequirements `json:"resources,omitempty"`
}

// Default fills in nothing today beyond what Validate requires; it exists so every
// section has the same Default/Validate shape.
func (t *ConfigTemplate) Default(string) {}

// Validate checks a defaulted template.
func (t *ConfigTemplate) Validate(p *field.Path) field.ErrorList {
	var errs field.ErrorList
	for _, c := range []struct{ key, value string }{
		{"templatesConfigMap", t.TemplatesConfigMap},
		{"paramsConfigMap", t.ParamsConfigMap},
	} {
		if c.value == "" {
			errs = append(errs, field.Required(p.Child(c.key), ""))
			continue
		}
		for _, msg := range validation.IsDNS1123Subdomain(c.value) {
			errs = append(errs, field.Invalid(p.Child(c.key), c.value, msg))
		}
	}
	if !path.IsAbs(t.MountPath) {
		errs = append(errs, field.Invalid(p.Child("mountPath"), t.MountPath, "must be an absolute path"))
	}
	return errs
}
