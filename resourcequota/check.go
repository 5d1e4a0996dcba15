package resourcequota

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"

	"github.com/podpatterns/podpatterns/podresources"
)

// Warnings says, per quota of g in namespace and resource, where after (the pod with
// podpatterns' injections) takes more than the quota has left and before (the pod as
// it came) does not: the injections would be why ResourceQuota admission rejects it.
// None without a getter or on a cache error.
func Warnings(g Getter, namespace string, before, after *corev1.Pod) []string {
	if g == nil {
		return nil
	}
	quotas, err := g.ResourceQuotas(namespace)
	if err != nil || len(quotas) == 0 {
		return nil
	}
	quotas = slices.Clone(quotas)
	slices.SortFunc(quotas, func(a, b *corev1.ResourceQuota) int { return strings.Compare(a.Name, b.Name) })
	var out []string
	for _, q := range quotas {
		if !selects(q, after) {
			continue
		}
		counted := before
		if !selects(q, before) {
			counted = nil // the pod without the injections is not this quota's
		}
		for _, name := range slices.Sorted(maps.Keys(q.Status.Hard)) {
			if msg := overLeft(q, name, after, counted); msg != "" {
				out = append(out, msg)
			}
		}
	}
	return out
}

// overLeft is the warning for resource name of quota q, or "": after is the pod with the
// injections, before the pod without them (nil when q does not count it).
func overLeft(q *corev1.ResourceQuota, name corev1.ResourceName, after, before *corev1.Pod) string {
	with, ok := usageOf(after, name)
	if !ok {
		return ""
	}
	var without resource.Quantity
	if before != nil {
		without, _ = usageOf(before, name)
	}
	if podresources.Cmp(with, without) <= 0 {
		return "" // the injections add nothing to this resource
	}
	hard, used := q.Status.Hard[name], q.Status.Used[name]
	left := podresources.Clamp(hard).DeepCopy()
	left.Sub(podresources.Clamp(used))
	if podresources.Cmp(with, left) <= 0 || podresources.Cmp(without, left) > 0 {
		return ""
	}
	return fmt.Sprintf("podpatterns: the injected containers take the pod's %s to %s, over the %s ResourceQuota %s has left (hard %s, used %s): the API server will reject the pod unless the quota frees up; without them it would use %s",
		name, with.String(), left.String(), q.Name, hard.String(), used.String(), without.String())
}
