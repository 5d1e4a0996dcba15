package mutators

import (
	"path"

	"k8s.io/apimachinery/pkg/util/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"
)

// DownwardAPIConfig configures the Self Awareness pattern (chapter 13).
type DownwardAPIConfig struct {
	// Default injects into every pod of an opted-in namespace that does not say
	// podpatterns.io/downward-api itself. Default false.
	ByDefault bool `json:"default,omitempty"`
	// VolumeName of the Downward API volume. Default "podinfo".
	VolumeName string `json:"volumeName,omitempty"`
	// MountPath of the volume in the app containers. Default "/etc/podinfo".
	MountPath string `json:"mountPath,omitempty"`
	// Env adds POD_NAME, POD_NAMESPACE, POD_IP, NODE_NAME and POD_SERVICE_ACCOUNT to the
	// app containers (unless they define them). Default true.
	Env *bool `json:"env,omitempty"`
	// Resources adds the cpu/memory requests and limits of every app container to the
	// volume. Default true.
	Resources *bool `json:"resources,omitempty"`
}

// Default fills in the volume name, mount path and switches.
func (c *DownwardAPIConfig) Default() {
	if c.VolumeName == "" {
		c.VolumeName = "podinfo"
	}
	if c.MountPath == "" {
		c.MountPath = "/etc/podinfo"
	}
	if c.Env == nil {
		c.Env = ptrTo(true)
	}
	if c.Resources == nil {
		c.Resources = ptrTo(true)
	}
}

// Validate checks a defaulted section.
func (c *DownwardAPIConfig) Validate(p *field.Path) field.ErrorList {
	var errs field.ErrorList
	for _, msg := range validation.IsDNS1123Label(c.VolumeName) {
		errs = append(errs, field.Invalid(p.Child("volumeName"), c.VolumeName, msg))
	}
	if !path.IsAbs(c.MountPath) {
		errs = append(errs, field.Invalid(p.Child("mountPath"), c.MountPath, "must be an absolute path"))
	}
	return errs
}

func ptrTo[T any](v T) *T { return &v }
