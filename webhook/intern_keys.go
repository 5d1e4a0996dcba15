package webhook

import (
	corev1 "k8s.io/api/core/v1"

	"github.com/podpatterns/podpatterns/mutators"
)

// internedKeys are the keys of a pod's maps that almost every pod repeats: the resource
// names of requests and limits, podpatterns' own annotations (podpatterns.io/inject is
// also the namespace label) and the labels a Deployment's pods carry.
var internedKeys = stringSet(
	string(corev1.ResourceCPU), string(corev1.ResourceMemory), string(corev1.ResourceEphemeralStorage),
	"app", "pod-template-hash",
	mutators.AnnotationStatus, mutators.AnnotationInject, mutators.AnnotationSidecars,
	mutators.AnnotationAdapters, mutators.AnnotationAmbassadors, mutators.AnnotationConfigTemplate,
	mutators.AnnotationDownwardAPI, mutators.AnnotationPreStop,
)

// internKey is intern for map keys: one of internedKeys without allocating (the lookup
// converts text without copying it), any other key copied.
func internKey(text []byte) string {
	if s, ok := internedKeys[string(text)]; ok {
		return s
	}
	return string(text)
}

// stringSet maps each string to itself.
func stringSet(values ...string) map[string]string {
	m := make(map[string]string, len(values))
	for _, v := range values {
		m[v] = v
	}
	return m
}
