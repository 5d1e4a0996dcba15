package mutators

import (
	"path"
	"slices"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	"k8s.io/apimachinery/pkg/util/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/podpatterns/podpatterns/podresources"
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
	// podpatterns.io/config-params. Default false: a pod that sets it is then denied.
	AllowParamsOverride bool `json:"allowParamsOverride,omitempty"`
	// MountPath is where app containers see the rendered files (read-only).
	MountPath string `json:"mountPath"`
	// Image overrides the renderer image (default: Config.RenderImage, else the server's
	// own image). Its entrypoint must be the podpatterns binary: the init container only
	// sets args (`render --templates ... --params ... --output ...`).
	Image string `json:"image,omitempty"`
	// Resources of the init container. Default: requests cpu 50m / memory 32Mi, limits
	// cpu 100m / memory 64Mi. In a Guaranteed pod the requests are raised to the limits;
	// a template without cpu and memory limits is then refused for that pod.
	Resources corev1.ResourceRequirements `json:"resources,omitempty"`
}

// The renderer's default resources: rendering a few files takes milliseconds and a few
// MiB; an init container's requests count only when larger than the app's. Limits are
// twice the requests, so the renderer satisfies a profile's maxLimitRequestRatio down to
// 2 (examples/config.yaml's burstable allows 4 for cpu, 2 for memory) even where injected
// containers are not exempt; coherence.TestRendererDefaultsSatisfyEveryShippedProfile
// checks it against every shipped profile.
var (
	defaultRenderRequests = corev1.ResourceList{
		corev1.ResourceCPU:    resource.MustParse("50m"),
		corev1.ResourceMemory: resource.MustParse("32Mi"),
	}
	defaultRenderLimits = corev1.ResourceList{
		corev1.ResourceCPU:    resource.MustParse("100m"),
		corev1.ResourceMemory: resource.MustParse("64Mi"),
	}
)

// Default sets the renderer's resources when the template sets none at all (a template
// that sets some is taken as written).
func (t *ConfigTemplate) Default(string) {
	if len(t.Resources.Requests) == 0 && len(t.Resources.Limits) == 0 {
		t.Resources.Requests = defaultRenderRequests.DeepCopy()
		t.Resources.Limits = defaultRenderLimits.DeepCopy()
	}
}

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
	errs = append(errs, validateRenderResources(p.Child("resources"), t.Resources)...)
	return errs
}

// validateRenderResources keeps the renderer's resources to cpu and memory with requests
// not above limits (the apiserver would reject every pod otherwise).
func validateRenderResources(p *field.Path, r corev1.ResourceRequirements) field.ErrorList {
	var errs field.ErrorList
	for _, list := range []struct {
		key string
		rl  corev1.ResourceList
	}{{"requests", r.Requests}, {"limits", r.Limits}} {
		for _, name := range sortedResourceNames(list.rl) {
			q := list.rl[name]
			if name != corev1.ResourceCPU && name != corev1.ResourceMemory {
				errs = append(errs, field.NotSupported(p.Child(list.key).Key(string(name)), name,
					[]corev1.ResourceName{corev1.ResourceCPU, corev1.ResourceMemory}))
			} else if q.Sign() <= 0 {
				errs = append(errs, field.Invalid(p.Child(list.key).Key(string(name)), q.String(), "must be positive"))
			} else if !podresources.InRange(q) {
				errs = append(errs, field.Invalid(p.Child(list.key).Key(string(name)), q.String(), "is "+podresources.OutOfRangeDetail))
			}
		}
	}
	for _, name := range sortedResourceNames(r.Requests) {
		req := r.Requests[name]
		if limit, ok := r.Limits[name]; ok && podresources.Cmp(req, limit) > 0 {
			errs = append(errs, field.Invalid(p.Child("requests").Key(string(name)), req.String(),
				"must not be above the limit "+limit.String()))
		}
	}
	return errs
}

// sortedResourceNames returns rl's names in order, so errors come out stably.
func sortedResourceNames(rl corev1.ResourceList) []corev1.ResourceName {
	names := make([]corev1.ResourceName, 0, len(rl))
	for name := range rl {
		names = append(names, name)
	}
	slices.Sort(names)
	return names
}
