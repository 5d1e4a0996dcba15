package webhook

import (
	corev1 "k8s.io/api/core/v1"

	"github.com/podpatterns/podpatterns/jsonscan"
)

func scanMetadata(s *jsonscan.Scanner, v *podView) bool {
	m := &v.Metadata
	var seen members
	return s.Object(func(key []byte, _ bool) bool {
		switch string(key) {
		case "name":
			return seen.first(0, s) && scanText(s, &m.Name)
		case "generateName":
			return seen.first(1, s) && scanText(s, &m.GenerateName)
		case "namespace":
			return seen.first(2, s) && scanText(s, &m.Namespace)
		case "labels":
			return seen.first(3, s) && scanStringMap(s, &m.Labels)
		case "annotations":
			return seen.first(4, s) && scanStringMap(s, &m.Annotations)
		}
		return skipUnless(s, key, "name", "generateName", "namespace", "labels", "annotations")
	})
}

func scanSpec(s *jsonscan.Scanner, v *podView) bool {
	spec := &v.Spec
	var seen members
	var scalars *specScalars // priority's and preemptionPolicy's storage, one allocation for both
	scalar := func() *specScalars {
		if scalars == nil {
			scalars = new(specScalars)
		}
		return scalars
	}
	return s.Object(func(key []byte, _ bool) bool {
		switch string(key) {
		case "containers":
			return seen.first(0, s) && scanContainers(s, &spec.Containers)
		case "initContainers":
			return seen.first(1, s) && scanContainers(s, &spec.InitContainers)
		case "ephemeralContainers":
			return seen.first(2, s) && scanContainers(s, &spec.Ephemeral)
		case "resources":
			spec.Resources = &corev1.ResourceRequirements{}
			return seen.first(3, s) && scanRequirements(s, spec.Resources)
		case "overhead":
			return seen.first(4, s) && scanResourceList(s, &spec.Overhead)
		case "priorityClassName":
			return seen.first(5, s) && scanText(s, &spec.PriorityClassName)
		case "priority":
			if !seen.first(6, s) {
				return false
			}
			sc := scalar()
			n, ok := s.Int32()
			sc.priority, spec.Priority = n, &sc.priority
			return ok
		case "preemptionPolicy":
			sc := scalar()
			ok := seen.first(7, s) && scanText(s, (*string)(&sc.preemptionPolicy))
			spec.PreemptionPolicy = &sc.preemptionPolicy
			return ok
		}
		return skipUnless(s, key, "containers", "initContainers", "ephemeralContainers", "resources", "overhead",
			"priorityClassName", "priority", "preemptionPolicy")
	})
}

// specScalars holds the values the spec's pointer members point to.
type specScalars struct {
	priority         int32
	preemptionPolicy corev1.PreemptionPolicy
}

// scanContainers reads a container list (a new slice, as encoding/json makes one):
// on the stack while reading, then one slice of the right size.
func scanContainers(s *jsonscan.Scanner, dst *[]containerView) bool {
	var room [4]containerView
	list := room[:0]
	ok := s.Array(func() bool {
		list = append(list, containerView{})
		return scanContainer(s, &list[len(list)-1])
	})
	*dst = append(make([]containerView, 0, len(list)), list...)
	return ok
}

func scanContainer(s *jsonscan.Scanner, c *containerView) bool {
	var seen members
	return seen.first(0, s) && s.Object(func(key []byte, _ bool) bool {
		switch string(key) {
		case "name":
			return seen.first(1, s) && scanText(s, &c.Name)
		case "image":
			return seen.first(2, s) && scanText(s, &c.Image)
		case "resources":
			return seen.first(3, s) && scanRequirements(s, &c.Resources)
		case "restartPolicy":
			var p string
			ok := seen.first(4, s) && scanText(s, &p)
			c.RestartPolicy = (*corev1.ContainerRestartPolicy)(&p)
			return ok
		case "ports":
			return seen.first(5, s) && scanPorts(s, &c.Ports)
		case "readinessProbe": // only whether it is set, as present does
			if !seen.first(6, s) {
				return false
			}
			c.ReadinessProbe = s.Skip() != nil
			return s.OK()
		}
		return skipUnless(s, key, "name", "image", "resources", "restartPolicy", "ports", "readinessProbe")
	})
}

// scanRequirements reads requests and limits; resource claims are left to encoding/json.
func scanRequirements(s *jsonscan.Scanner, r *corev1.ResourceRequirements) bool {
	var seen members
	return s.Object(func(key []byte, _ bool) bool {
		switch string(key) {
		case "limits":
			return seen.first(0, s) && scanResourceList(s, &r.Limits)
		case "requests":
			return seen.first(1, s) && scanResourceList(s, &r.Requests)
		}
		return skipUnless(s, key, "limits", "requests", "claims")
	})
}
