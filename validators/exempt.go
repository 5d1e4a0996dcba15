package validators

import (
	"slices"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/equality"
	"k8s.io/apimachinery/pkg/util/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/podpatterns/podpatterns/mutators"
)

// Exemptions name the containers that the per-container resource rules (required,
// min/max, ratio) skip. The pod-level rules and the QoS class always count every
// container: that is what the scheduler and the kubelet do.
type Exemptions struct {
	// Containers are exempt by name, e.g. a mesh proxy injected by another webhook.
	Containers []string `json:"containers,omitempty"`
	// InjectedSidecars exempts the containers podpatterns injected (the sidecar, adapter,
	// ambassador and config-template containers named in the podpatterns.io/status
	// annotation), whose resources the platform team chose in the config.
	InjectedSidecars bool `json:"injectedSidecars,omitempty"`
}

// Validate checks that the names can be container names and are not repeated.
func (e *Exemptions) Validate(path *field.Path) field.ErrorList {
	var errs field.ErrorList
	seen := map[string]bool{}
	for i, name := range e.Containers {
		p := path.Child("containers").Index(i)
		for _, msg := range validation.IsDNS1123Label(name) {
			errs = append(errs, field.Invalid(p, name, msg))
		}
		if seen[name] {
			errs = append(errs, field.Duplicate(p, name))
		}
		seen[name] = true
	}
	return errs
}

// InjectedContainer is how the validators recognise a container the mutators injected.
type InjectedContainer struct {
	// Name and Image are the container's, as the template defines them.
	Name, Image string
	// Limits are the template's limits. The mutators never change them (in a Guaranteed
	// pod they raise the requests to them), so a container with other values for them is
	// not the injected one, whatever the status annotation claims. A limit the template
	// leaves unset may be there: the namespace's LimitRange default, which the mutators
	// write (as the API server would).
	Limits corev1.ResourceList
}

// Injectables maps each entry of the podpatterns.io/status annotation (pattern, template
// name) to the container that template injects. The composition root builds it from the
// mutators' config; the validators never read that config themselves.
type Injectables map[mutators.Pattern]map[string]InjectedContainer

// SidecarInjectables returns the Injectables of the sidecar, adapter and ambassador
// templates (defaulted: container names filled in).
func SidecarInjectables(templates map[string]mutators.SidecarTemplate) Injectables {
	out := Injectables{}
	for name, t := range templates {
		p := t.Kind.Pattern()
		if out[p] == nil {
			out[p] = map[string]InjectedContainer{}
		}
		out[p][name] = InjectedContainer{Name: t.Container.Name, Image: t.Container.Image, Limits: t.Container.Resources.Limits}
	}
	return out
}

// exemptContainers returns the names of pod's containers that profile e exempts.
//
// The status annotation is written by the mutating webhook but a user can write it too,
// so it is never trusted alone: a container counts as injected only when its name, image
// and limits are those of the template the annotation names. Forging the annotation thus
// exempts nothing but the platform's own container, with the platform's limits.
func (e *Exemptions) exemptContainers(pod *corev1.Pod, injected Injectables) map[string]bool {
	out := map[string]bool{}
	for _, name := range e.Containers {
		out[name] = true
	}
	if !e.InjectedSidecars {
		return out
	}
	status, ok := mutators.ParseStatus(pod.Annotations[mutators.AnnotationStatus])
	if !ok {
		return out
	}
	for pattern, templates := range status.Injected {
		for _, template := range templates {
			want, known := injected[pattern][template]
			if known && podHasContainer(pod, want) {
				out[want.Name] = true
			}
		}
	}
	return out
}

// podHasContainer reports whether pod has a container or init container that is want.
func podHasContainer(pod *corev1.Pod, want InjectedContainer) bool {
	for _, list := range [][]corev1.Container{pod.Spec.InitContainers, pod.Spec.Containers} {
		i := slices.IndexFunc(list, func(c corev1.Container) bool { return c.Name == want.Name })
		if i < 0 {
			continue
		}
		c := &list[i]
		return c.Image == want.Image && keepsLimits(c.Resources.Limits, want.Limits)
	}
	return false
}

// keepsLimits reports whether have holds every limit of want at the same value (a
// LimitRange default may add others).
func keepsLimits(have, want corev1.ResourceList) bool {
	for name, q := range want {
		if got, ok := have[name]; !ok || !equality.Semantic.DeepEqual(got, q) {
			return false
		}
	}
	return true
}
