package mutators

import corev1 "k8s.io/api/core/v1"

// DefaultMaxContainers is the default of Options.MaxContainers. Real pods have a handful
// of containers; every pattern adds a bounded number of patch operations per app
// container, so this bounds the work and the patch of one request (a 20,000-container
// pod yielded a 37.7 MB patch and 264 MiB of memory before).
const DefaultMaxContainers = 250

// WithMaxContainers sets the largest pod (containers, init and ephemeral containers)
// the chain mutates; 0 keeps DefaultMaxContainers.
func (c *Chain) WithMaxContainers(n int) *Chain {
	if n > 0 {
		c.maxContainers = n
	}
	return c
}

// tooLarge skips (and reports, with a warning) every injection into a pod with more
// containers than the chain mutates. The pod is admitted unchanged: injection is a
// convenience, and a denial would block workloads the apiserver accepts; the profiles
// (validating webhook) still judge it.
func (c *Chain) tooLarge(req *Request) bool {
	n := containerCount(req.Pod)
	if n <= c.maxContainers {
		return false
	}
	req.Report.Skip(PatternAll, "", SkipTooLarge, true, "the pod has %d containers, more than the %d podpatterns mutates", n, c.maxContainers)
	return true
}

// containerCount counts every container of pod, init and ephemeral ones included.
func containerCount(pod *corev1.Pod) int {
	spec := &pod.Spec
	return len(spec.Containers) + len(spec.InitContainers) + len(spec.EphemeralContainers)
}
