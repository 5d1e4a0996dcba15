package mutators

import (
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// requestWith builds a request for a one-container pod with key set to podValue on the
// pod and nsValue on the namespace ("" leaves it unset).
func requestWith(key, podValue, nsValue string) *Request {
	pod := &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{Name: "p", Annotations: map[string]string{}},
		Spec:       corev1.PodSpec{Containers: []corev1.Container{{Name: "app", Image: "app:1"}}},
	}
	ns := Namespace{Name: "ns", Annotations: map[string]string{}}
	if podValue != "" {
		pod.Annotations[key] = podValue
	}
	if nsValue != "" {
		ns.Annotations[key] = nsValue
	}
	return NewRequest(pod, ns)
}
