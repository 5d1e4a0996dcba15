package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"

	admissionv1 "k8s.io/api/admission/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
)

// kind is one kind of request of the mix, with what a correct answer looks like.
type kind struct {
	name     string
	hostile  bool
	path     string
	body     []byte
	status   int           // expected HTTP status
	bound    time.Duration // a hostile request must be answered within it
	validate func(*admissionv1.AdmissionResponse) bool
}

// mix returns the kinds and the schedule: of every 20 requests, 16 are normal (mutate
// and validate), 4 hostile or oversized ones, the kinds in rotation.
func mix() ([]kind, error) {
	normal, err := review(pod(nil))
	if err != nil {
		return nil, err
	}
	huge, err := review(pod(func(p *corev1.Pod) {
		p.Spec.Containers[0].Resources.Requests["cpu"] = resource.MustParse("1e2147483647")
	}))
	if err != nil {
		return nil, err
	}
	many, err := review(pod(func(p *corev1.Pod) {
		c := p.Spec.Containers[0]
		p.Spec.Containers = nil
		for i := range 20000 {
			c.Name = fmt.Sprintf("c%d", i)
			p.Spec.Containers = append(p.Spec.Containers, c)
		}
	}))
	if err != nil {
		return nil, err
	}
	big, err := review(pod(func(p *corev1.Pod) { p.Annotations["example.com/blob"] = strings.Repeat("x", 3<<20) }))
	if err != nil {
		return nil, err
	}
	tiny := bytes.Replace(normal, []byte(`"cpu":"100m"`), []byte(`"cpu":"1e-2147483647"`), 1) // ParseQuantity would never return
	if bytes.Equal(tiny, normal) {
		return nil, fmt.Errorf("the normal review has no cpu request to make hostile")
	}
	over := append([]byte(`{"request":{"uid":"u","object":"`), bytes.Repeat([]byte("x"), 8<<20)...)
	allowed := func(r *admissionv1.AdmissionResponse) bool { return r != nil && r.Allowed && r.UID == "soak" }
	denied := func(r *admissionv1.AdmissionResponse) bool { return r != nil && !r.Allowed && r.UID == "soak" }
	any := func(*admissionv1.AdmissionResponse) bool { return true }
	return []kind{
		{name: "normal-mutate", path: "/mutate", body: normal, status: 200, validate: allowed},
		{name: "normal-validate", path: "/validate", body: normal, status: 200, validate: allowed},
		{name: "quantity-1e2147483647", hostile: true, path: "/mutate", body: huge, status: 200, bound: 2 * time.Second, validate: denied},
		{name: "quantity-1e-2147483647", hostile: true, path: "/validate", body: tiny, status: http.StatusBadRequest, bound: 2 * time.Second, validate: any},
		{name: "20000-containers", hostile: true, path: "/mutate", body: many, status: 200, bound: 5 * time.Second, validate: allowed},
		{name: "3MiB-pod", hostile: true, path: "/validate", body: big, status: 200, bound: 5 * time.Second, validate: allowed},
		{name: "8MiB-body", hostile: true, path: "/mutate", body: over, status: http.StatusRequestEntityTooLarge, bound: 5 * time.Second, validate: any},
	}, nil
}

// pick returns the kind of the i-th request.
func pick(kinds []kind, i int) kind {
	if i%20 < 16 {
		return kinds[i%2]
	}
	return kinds[2+(i/20)%(len(kinds)-2)]
}

func pod(edit func(*corev1.Pod)) *corev1.Pod {
	res := corev1.ResourceRequirements{Requests: corev1.ResourceList{"cpu": resource.MustParse("100m"), "memory": resource.MustParse("64Mi")}}
	p := &corev1.Pod{TypeMeta: metav1.TypeMeta{APIVersion: "v1", Kind: "Pod"},
		ObjectMeta: metav1.ObjectMeta{GenerateName: "web-", Namespace: "shop", Annotations: map[string]string{
			"podpatterns.io/sidecars": "log-shipper", "podpatterns.io/downward-api": "true", "podpatterns.io/prestop": "true"}},
		Spec: corev1.PodSpec{Containers: []corev1.Container{{Name: "app", Image: "shop/web:1", Resources: res}}}}
	if edit != nil {
		edit(p)
	}
	return p
}

func review(p *corev1.Pod) ([]byte, error) {
	raw, err := json.Marshal(p)
	if err != nil {
		return nil, err
	}
	return json.Marshal(admissionv1.AdmissionReview{TypeMeta: metav1.TypeMeta{APIVersion: "admission.k8s.io/v1", Kind: "AdmissionReview"},
		Request: &admissionv1.AdmissionRequest{UID: "soak", Operation: admissionv1.Create, Namespace: "shop",
			Kind: metav1.GroupVersionKind{Version: "v1", Kind: "Pod"}, Resource: metav1.GroupVersionResource{Version: "v1", Resource: "pods"},
			Object: runtime.RawExtension{Raw: raw}}})
}
