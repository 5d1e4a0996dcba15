package mutators

import (
	"maps"
	"slices"

	corev1 "k8s.io/api/core/v1"
)

// How a mutator writes req.Pod, which shares its maps, slices and pointers with the
// input pod until the request copies them (NewRequest; TestChainNeverWritesTheInput):
//   - a field Pod, ObjectMeta or PodSpec hold by value (PriorityClassName, a pointer such
//     as TerminationGracePeriodSeconds) is assigned; a pointer gets a new value, never a
//     write through it;
//   - a container is written only through container or initContainer: its list becomes
//     the request's own, its slices clipped. Assign its fields and append to its slices
//     (addEnv, addMount: an append copies); never write into their elements, a map or
//     through a pointer (the same copy-on-write rule as for injected containers);
//   - containers are added with insertContainer, volumes with addVolume, annotations set
//     with setAnnotation.

// container returns spec.containers[i] for writing.
func (r *Request) container(i int) *corev1.Container {
	if !r.owned.containers {
		r.Pod.Spec.Containers = ownContainers(r.Pod.Spec.Containers, r.grow.containers)
		r.owned.containers = true
	}
	return &r.Pod.Spec.Containers[i]
}

// initContainer returns spec.initContainers[i] for writing.
func (r *Request) initContainer(i int) *corev1.Container {
	if !r.owned.initContainers {
		r.Pod.Spec.InitContainers = ownContainers(r.Pod.Spec.InitContainers, r.grow.initContainers)
		r.owned.initContainers = true
	}
	return &r.Pod.Spec.InitContainers[i]
}

// insertContainer inserts a copy of c at p.
func (r *Request) insertContainer(c *corev1.Container, p place) {
	list, own, room := &r.Pod.Spec.Containers, &r.owned.containers, r.grow.containers
	if p.init {
		list, own, room = &r.Pod.Spec.InitContainers, &r.owned.initContainers, r.grow.initContainers
	}
	if !*own {
		*list, *own = ownContainers(*list, max(room, 1)), true
	}
	*list = slices.Insert(*list, p.index, *c)
}

// ownContainers copies list with room for extra more; the copies' slices are clipped, so
// an append to one copies it instead of writing into the input's spare capacity.
func ownContainers(list []corev1.Container, extra int) []corev1.Container {
	out := append(make([]corev1.Container, 0, len(list)+extra), list...)
	for i := range out {
		clipSlices(&out[i])
	}
	return out
}

// clipSlices clips every slice of c.
func clipSlices(c *corev1.Container) {
	c.Command, c.Args = slices.Clip(c.Command), slices.Clip(c.Args)
	c.Ports, c.EnvFrom, c.Env = slices.Clip(c.Ports), slices.Clip(c.EnvFrom), slices.Clip(c.Env)
	c.ResizePolicy, c.RestartPolicyRules = slices.Clip(c.ResizePolicy), slices.Clip(c.RestartPolicyRules)
	c.VolumeMounts, c.VolumeDevices = slices.Clip(c.VolumeMounts), slices.Clip(c.VolumeDevices)
}

// addVolume appends v (its source shared with the config or the input: never written).
func (r *Request) addVolume(v corev1.Volume) {
	if !r.owned.volumes {
		r.Pod.Spec.Volumes = slices.Grow(slices.Clip(r.Pod.Spec.Volumes), max(r.grow.volumes, 1))
		r.owned.volumes = true
	}
	r.Pod.Spec.Volumes = append(r.Pod.Spec.Volumes, v)
}

// addImagePullSecret appends s to the pod's image pull secrets (the list is clipped by
// NewRequest, so the append copies it: the input's list is never written).
func (r *Request) addImagePullSecret(s corev1.LocalObjectReference) {
	r.Pod.Spec.ImagePullSecrets = append(r.Pod.Spec.ImagePullSecrets, s)
}

// setAnnotation sets one annotation of the pod.
func (r *Request) setAnnotation(key, value string) {
	if !r.owned.annotations || r.Pod.Annotations == nil {
		m := make(map[string]string, len(r.Pod.Annotations)+1)
		maps.Copy(m, r.Pod.Annotations)
		r.Pod.Annotations, r.owned.annotations = m, true
	}
	r.Pod.Annotations[key] = value
}

// addMount appends m to c (from container or initContainer), growing its mounts once
// for everything the chain plans to add.
func (r *Request) addMount(c *corev1.Container, m corev1.VolumeMount) {
	c.VolumeMounts = append(grown(c.VolumeMounts, 1, r.grow.mounts), m)
}

// grown returns s with room for n more: as it is when it has it, else grown once for
// at least hint more (what the chain plans to add).
func grown[S ~[]E, E any](s S, n, hint int) S {
	if cap(s)-len(s) >= n {
		return s
	}
	return slices.Grow(s, max(n, hint))
}
