package resourcequota

import (
	"strings"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"

	"github.com/podpatterns/podpatterns/podresources"
)

// usageOf is what pod counts against quota resource name, and whether it counts at all:
// one pod for `pods`; for cpu, memory and ephemeral-storage (bare or requests.*) the
// pod's effective request and for limits.* its effective limit (Kubernetes' defaulting
// applied, the RuntimeClass overhead added to the request, and to a limit it sets);
// requests.hugepages-* and hugepages-*; requests.<extended>. It reads the pod in place,
// one resource at a time (podresources.ResourceOf): no copy of the pod.
func usageOf(pod *corev1.Pod, name corev1.ResourceName) (resource.Quantity, bool) {
	if name == corev1.ResourcePods {
		return *resource.NewQuantity(1, resource.DecimalSI), true
	}
	res, limits := quotaResource(name)
	if res == "" {
		return resource.Quantity{}, false
	}
	r := podresources.ResourceOf(podresources.With{Pod: pod}, res)
	q, ok := r.Request, r.HasRequest
	if limits {
		q, ok = r.Limit, r.HasLimit && !r.Limit.IsZero()
		if !ok && r.HasLimit {
			return r.Limit, true // a zero limit gets no overhead
		}
	}
	if !ok {
		return resource.Quantity{}, false
	}
	if extra, has := pod.Spec.Overhead[res]; has {
		q = q.DeepCopy()
		podresources.Add(&q, extra)
	}
	return q, true
}

// quotaResource is the pod resource quota name counts, and whether it counts its limit
// ("" for a name the pod evaluator does not compute).
func quotaResource(name corev1.ResourceName) (corev1.ResourceName, bool) {
	s := string(name)
	if rest, ok := strings.CutPrefix(s, "limits."); ok {
		if r := corev1.ResourceName(rest); r == corev1.ResourceCPU || r == corev1.ResourceMemory || r == corev1.ResourceEphemeralStorage {
			return r, true
		}
		return "", false
	}
	rest, requests := strings.CutPrefix(s, "requests.")
	r := corev1.ResourceName(rest)
	switch {
	case r == corev1.ResourceCPU || r == corev1.ResourceMemory || r == corev1.ResourceEphemeralStorage || podresources.IsHugePages(r):
		return r, false
	case requests && strings.Contains(rest, "/") && !strings.Contains(rest, corev1.ResourceDefaultNamespacePrefix):
		return r, false // extended resources are quota'd as requests.<name> only
	}
	return "", false
}
