package mutators

import (
	"fmt"
	"strings"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"

	"github.com/podpatterns/podpatterns/limitrange"
	"github.com/podpatterns/podpatterns/podresources"
	"github.com/podpatterns/podpatterns/qos"
)

// qosResources are the resources that decide a pod's QoS class.
var qosResources = []corev1.ResourceName{corev1.ResourceCPU, corev1.ResourceMemory}

// containerFor builds the container to inject for t into pod, keeping the pod's QoS
// class and its validity, or returns the skip reason and message:
//   - native templates get restartPolicy Always;
//   - the namespace's LimitRange defaults fill what the template leaves unset (as the
//     API server would after the webhook), before the checks below judge it;
//   - a pod with pod-level resources keeps its class whatever the containers say, but
//     the container must fit in those resources (else the apiserver rejects the pod);
//   - in a Guaranteed pod the container's cpu and memory requests are set to the
//     template's limits; a template without cpu and memory limits is refused.
func containerFor(pod *corev1.Pod, t *SidecarTemplate, ranges limitrange.Ranges) (*corev1.Container, SkipReason, string) {
	c := injectedCopy(&t.Container)
	if t.IsNative() {
		c.RestartPolicy = restartAlways
	}
	defaultResources(ranges, c)
	if pod.Spec.Resources != nil && hasQoSResource(pod.Spec.Resources) {
		if msg := exceedsPodLevel(pod, c); msg != "" {
			return nil, SkipExceedsPodResources, msg
		}
		return c, "", ""
	}
	if qos.ClassOf(pod) != corev1.PodQOSGuaranteed {
		return c, "", ""
	}
	var unlimited []string
	for _, name := range qosResources {
		if q, ok := c.Resources.Limits[name]; !ok || q.Sign() <= 0 {
			unlimited = append(unlimited, string(name))
		}
	}
	if len(unlimited) > 0 {
		return nil, SkipQoSIncompatible, fmt.Sprintf("the pod is Guaranteed and the template sets no %s limit: "+
			"injecting it would make the pod Burstable", strings.Join(unlimited, " or "))
	}
	requests := c.Resources.Requests.DeepCopy()
	if requests == nil {
		requests = corev1.ResourceList{}
	}
	for _, name := range qosResources {
		requests[name] = c.Resources.Limits[name].DeepCopy()
	}
	c.Resources.Requests = requests
	if after := qos.ClassOf(withContainer(pod, c, t.IsNative())); after != corev1.PodQOSGuaranteed {
		return nil, SkipQoSIncompatible, fmt.Sprintf("injecting it would make the Guaranteed pod %s", after)
	}
	return c, "", ""
}

// withContainer returns a pod sharing pod's data with c added, for computing its class.
func withContainer(pod *corev1.Pod, c *corev1.Container, native bool) *corev1.Pod {
	out := &corev1.Pod{Spec: pod.Spec}
	if native {
		out.Spec.InitContainers = append(append([]corev1.Container(nil), pod.Spec.InitContainers...), *c)
	} else {
		out.Spec.Containers = append(append([]corev1.Container(nil), pod.Spec.Containers...), *c)
	}
	return out
}

func hasQoSResource(r *corev1.ResourceRequirements) bool {
	for _, name := range qosResources {
		_, req := r.Requests[name]
		_, lim := r.Limits[name]
		if req || lim {
			return true
		}
	}
	return false
}

// exceedsPodLevel checks the apiserver's pod-level rules for the new container: its
// limits must not exceed the pod's, and the requests of the containers that run
// together (app containers and native sidecars) must not exceed the pod's requests.
// Regular init containers run before the new container, so they do not add to it.
func exceedsPodLevel(pod *corev1.Pod, c *corev1.Container) string {
	podRes := pod.Spec.Resources
	for _, name := range qosResources {
		if podLimit, ok := podRes.Limits[name]; ok {
			if limit, ok := c.Resources.Limits[name]; ok && podresources.Cmp(limit, podLimit) > 0 {
				return fmt.Sprintf("its %s limit %s exceeds the pod-level limit %s", name, limit.String(), podLimit.String())
			}
		}
		podRequest, ok := effectiveRequest(*podRes, name)
		if !ok {
			continue
		}
		sum, _ := effectiveRequest(c.Resources, name)
		for i := range pod.Spec.Containers {
			q, _ := effectiveRequest(pod.Spec.Containers[i].Resources, name)
			podresources.Add(&sum, q)
		}
		for i := range pod.Spec.InitContainers {
			if ic := &pod.Spec.InitContainers[i]; isRestartable(ic) {
				q, _ := effectiveRequest(ic.Resources, name)
				podresources.Add(&sum, q)
			}
		}
		if podresources.Cmp(sum, podRequest) > 0 {
			return fmt.Sprintf("the containers would request %s of %s, more than the pod-level request %s",
				sum.String(), name, podRequest.String())
		}
	}
	return ""
}

// effectiveRequest is the request after the apiserver's defaulting (the limit when no
// request is written).
func effectiveRequest(r corev1.ResourceRequirements, name corev1.ResourceName) (resource.Quantity, bool) {
	if q, ok := r.Requests[name]; ok {
		return q.DeepCopy(), true
	}
	if q, ok := r.Limits[name]; ok {
		return q.DeepCopy(), true
	}
	return resource.Quantity{}, false
}
