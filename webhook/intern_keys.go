package webhook

import (
	corev1 "k8s.io/api/core/v1"

	"github.com/podpatterns/podpatterns/mutators"
)

// internKey is intern for the keys of a pod's maps that almost every pod repeats: the
// resource names of requests and limits, podpatterns' own annotations and the labels
// a Deployment's pods carry. Any other key is copied.
func internKey(text []byte) string {
	switch string(text) { // compared without converting
	case string(corev1.ResourceCPU):
		return string(corev1.ResourceCPU)
	case string(corev1.ResourceMemory):
		return string(corev1.ResourceMemory)
	case string(corev1.ResourceEphemeralStorage):
		return string(corev1.ResourceEphemeralStorage)
	case "app":
		return "app"
	case "pod-template-hash":
		return "pod-template-hash"
	case mutators.AnnotationStatus:
		return mutators.AnnotationStatus
	case mutators.AnnotationInject: // the label of the same name too
		return mutators.AnnotationInject
	case mutators.AnnotationSidecars:
		return mutators.AnnotationSidecars
	case mutators.AnnotationAdapters:
		return mutators.AnnotationAdapters
	case mutators.AnnotationAmbassadors:
		return mutators.AnnotationAmbassadors
	case mutators.AnnotationConfigTemplate:
		return mutators.AnnotationConfigTemplate
	case mutators.AnnotationDownwardAPI:
		return mutators.AnnotationDownwardAPI
	case mutators.AnnotationPreStop:
		return mutators.AnnotationPreStop
	}
	return string(text)
}
