package podresources

import (
	corev1 "k8s.io/api/core/v1"
)

// Requests returns the pod's effective requests: what the scheduler reserves for it,
// without the RuntimeClass overhead (component-helpers PodRequests with ExcludeOverhead).
// Call it on a Defaulted pod to count requests defaulted from limits.
func Requests(pod *corev1.Pod) corev1.ResourceList {
	total := AggregateContainers(pod, requestsOf)
	if PodLevelRequestsSet(pod) {
		overridePodLevel(total, pod.Spec.Resources.Requests)
	}
	return total
}

// Limits returns the pod's effective limits (component-helpers PodLimits with
// ExcludeOverhead). A container without a limit for a resource adds nothing to it, as
// upstream: use LimitedByEveryContainer to know whether the total really bounds the pod.
func Limits(pod *corev1.Pod) corev1.ResourceList {
	total := AggregateContainers(pod, limitsOf)
	if PodLevelSet(pod) {
		overridePodLevel(total, pod.Spec.Resources.Limits)
	}
	return total
}

// LimitedByEveryContainer reports whether every container and init container (native
// sidecars included) sets a limit for name: only then does the summed limit bound the pod.
func LimitedByEveryContainer(pod *corev1.Pod, name corev1.ResourceName) bool {
	for _, list := range [][]corev1.Container{pod.Spec.InitContainers, pod.Spec.Containers} {
		for i := range list {
			if _, ok := list[i].Resources.Limits[name]; !ok {
				return false
			}
		}
	}
	return true
}

func requestsOf(c *corev1.Container) corev1.ResourceList { return c.Resources.Requests }
func limitsOf(c *corev1.Container) corev1.ResourceList   { return c.Resources.Limits }

// AggregateContainers totals one resource list of every container the way the scheduler
// does (KEP-753): regular containers and native sidecars run together and add up; a
// regular init container runs alone, next to the native sidecars declared before it; the
// pod needs the larger of the two, per resource. Ephemeral containers never count.
func AggregateContainers(pod *corev1.Pod, listOf func(*corev1.Container) corev1.ResourceList) corev1.ResourceList {
	total := corev1.ResourceList{}
	for i := range pod.Spec.Containers {
		add(total, listOf(&pod.Spec.Containers[i]))
	}
	sidecarsSoFar := corev1.ResourceList{}
	initPeak := corev1.ResourceList{}
	for i := range pod.Spec.InitContainers {
		c := &pod.Spec.InitContainers[i]
		own := listOf(c)
		if IsRestartable(c) {
			add(total, own)
			add(sidecarsSoFar, own)
			raise(initPeak, sidecarsSoFar)
			continue
		}
		whileRunning := corev1.ResourceList{}
		add(whileRunning, own)
		add(whileRunning, sidecarsSoFar)
		raise(initPeak, whileRunning)
	}
	raise(total, initPeak)
	return total
}

// overridePodLevel replaces the totals of the pod-level resources that podLevel names.
func overridePodLevel(total, podLevel corev1.ResourceList) {
	for name, q := range podLevel {
		if IsPodLevelResource(name) {
			total[name] = q.DeepCopy()
		}
	}
}

// add adds every quantity of more into total (clamped: see Clamp).
func add(total, more corev1.ResourceList) {
	for name, q := range more {
		sum, ok := total[name]
		if !ok {
			total[name] = Clamp(q).DeepCopy()
			continue
		}
		Add(&sum, q)
		total[name] = sum
	}
}

// raise sets each resource of total to the larger of its value and other's.
func raise(total, other corev1.ResourceList) {
	for name, q := range other {
		if cur, ok := total[name]; !ok || Cmp(q, cur) > 0 {
			total[name] = q.DeepCopy()
		}
	}
}
