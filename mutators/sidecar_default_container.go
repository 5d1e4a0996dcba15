package mutators

// AnnotationDefaultContainer is kubectl's annotation naming the container `kubectl logs`,
// `exec` and `attach` use when none is given; without it they use the first of
// spec.containers.
const AnnotationDefaultContainer = "kubectl.kubernetes.io/default-container"

// keepDefaultContainer sets AnnotationDefaultContainer to the pod's first app container
// when an injected classic helper now comes first (position: first), so `kubectl logs`
// still shows the app; a pod that names its default container keeps it.
func keepDefaultContainer(req *Request, templates map[string]SidecarTemplate) {
	pod := req.Pod
	if _, set := pod.Annotations[AnnotationDefaultContainer]; set || len(pod.Spec.Containers) == 0 {
		return
	}
	if !isInjected(&pod.Spec.Containers[0], templates, func(*SidecarTemplate) bool { return true }) {
		return
	}
	apps := appContainers(make([]int, 0, appsOnStack), pod, templates)
	if len(apps) > 0 {
		req.setAnnotation(AnnotationDefaultContainer, pod.Spec.Containers[apps[0]].Name)
	}
}
