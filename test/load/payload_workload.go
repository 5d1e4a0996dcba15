package main

import (
	"encoding/json"

	admissionv1 "k8s.io/api/admission/v1"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/utils/ptr"
)

// workloadBody is the review of a Deployment CREATE whose pod template is the harness's
// app pod (same containers, volumes and defaults), as kubectl apply sends it.
func workloadBody(annotations map[string]string) ([]byte, error) {
	pod := apiserverPod(2, annotations)
	d := &appsv1.Deployment{TypeMeta: metav1.TypeMeta{APIVersion: "apps/v1", Kind: "Deployment"},
		ObjectMeta: metav1.ObjectMeta{Name: "web", Namespace: "shop", Labels: map[string]string{"app": "web"},
			Annotations: map[string]string{"kubectl.kubernetes.io/last-applied-configuration": `{"apiVersion":"apps/v1","kind":"Deployment"}`}},
		Spec: appsv1.DeploymentSpec{Replicas: ptr.To[int32](3), RevisionHistoryLimit: ptr.To[int32](10), ProgressDeadlineSeconds: ptr.To[int32](600),
			Selector: &metav1.LabelSelector{MatchLabels: map[string]string{"app": "web"}},
			Strategy: appsv1.DeploymentStrategy{Type: appsv1.RollingUpdateDeploymentStrategyType, RollingUpdate: &appsv1.RollingUpdateDeployment{
				MaxUnavailable: ptr.To(intstr.FromString("25%")), MaxSurge: ptr.To(intstr.FromString("25%"))}},
			Template: corev1.PodTemplateSpec{ObjectMeta: metav1.ObjectMeta{Labels: map[string]string{"app": "web", "tier": "frontend"},
				Annotations: annotations}, Spec: pod.Spec}}}
	raw, err := json.Marshal(d)
	if err != nil {
		return nil, err
	}
	gvr := metav1.GroupVersionResource{Group: "apps", Version: "v1", Resource: "deployments"}
	gvk := metav1.GroupVersionKind{Group: "apps", Version: "v1", Kind: "Deployment"}
	u := userInfo()
	u.Username, u.Groups = "platform-admin", []string{"system:authenticated"}
	review := admissionv1.AdmissionReview{TypeMeta: metav1.TypeMeta{APIVersion: "admission.k8s.io/v1", Kind: "AdmissionReview"},
		Request: &admissionv1.AdmissionRequest{UID: "load", Operation: admissionv1.Create, Namespace: "shop", Name: "web",
			Kind: gvk, Resource: gvr, RequestKind: &gvk, RequestResource: &gvr, UserInfo: u,
			Object: runtime.RawExtension{Raw: raw}, DryRun: ptr.To(false),
			Options: runtime.RawExtension{Raw: []byte(`{"kind":"CreateOptions","apiVersion":"meta.k8s.io/v1","fieldManager":"kubectl-client-side-apply"}`)}}}
	return json.Marshal(review)
}
