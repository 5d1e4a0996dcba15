package main

import (
	"encoding/json"
	"fmt"
	"strings"

	admissionv1 "k8s.io/api/admission/v1"
	authenticationv1 "k8s.io/api/authentication/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/utils/ptr"
)

// allPatterns selects every mutation pattern of examples/config.yaml.
var allPatterns = map[string]string{
	"podpatterns.io/sidecars": "log-shipper", "podpatterns.io/adapters": "prometheus-exporter",
	"podpatterns.io/ambassadors": "redis", "podpatterns.io/config-template": "nginx",
	"podpatterns.io/downward-api": "true", "podpatterns.io/prestop": "true",
}

// payload is one request body of the harness and the endpoint it goes to.
type payload struct {
	name     string
	endpoint string
	body     []byte
}

// payloads are the request bodies, shaped as the API server sends them for a pod of a
// Deployment (defaults applied, service account token volume, managed fields).
func payloads() (map[string]payload, error) {
	out := map[string]payload{}
	for _, p := range []struct {
		name, endpoint string
		containers     int
		annotations    map[string]string
	}{
		{"all", "mutate", 2, allPatterns},
		{"none", "mutate", 2, nil},
		{"validate", "validate", 2, allPatterns},
		{"large", "mutate", 20, allPatterns},
	} {
		body, err := reviewBody(apiserverPod(p.containers, p.annotations))
		if err != nil {
			return nil, err
		}
		out[p.name] = payload{name: p.name, endpoint: p.endpoint, body: body}
	}
	for name, annotations := range map[string]map[string]string{"workload-none": nil, "workload-all": allPatterns} {
		body, err := workloadBody(annotations)
		if err != nil {
			return nil, err
		}
		out[name] = payload{name: name, endpoint: "validate-workloads", body: body}
	}
	return out, nil
}

func reviewBody(pod *corev1.Pod) ([]byte, error) {
	raw, err := json.Marshal(pod)
	if err != nil {
		return nil, err
	}
	podsGVR := metav1.GroupVersionResource{Version: "v1", Resource: "pods"}
	podGVK := metav1.GroupVersionKind{Version: "v1", Kind: "Pod"}
	review := admissionv1.AdmissionReview{TypeMeta: metav1.TypeMeta{APIVersion: "admission.k8s.io/v1", Kind: "AdmissionReview"},
		Request: &admissionv1.AdmissionRequest{UID: "load", Operation: admissionv1.Create, Namespace: "shop",
			Kind: podGVK, Resource: podsGVR, RequestKind: &podGVK, RequestResource: &podsGVR,
			UserInfo: userInfo(), Object: runtime.RawExtension{Raw: raw}, DryRun: ptr.To(false),
			Options: runtime.RawExtension{Raw: []byte(`{"kind":"CreateOptions","apiVersion":"meta.k8s.io/v1"}`)}}}
	return json.Marshal(review)
}

func userInfo() (u authenticationv1.UserInfo) {
	u.Username = "system:serviceaccount:kube-system:replicaset-controller"
	u.UID = "5f1c3e52-8c1e-4a4e-9d4c-0b5f0c1d2e3f"
	u.Groups = []string{"system:serviceaccounts", "system:serviceaccounts:kube-system", "system:authenticated"}
	return u
}

// apiserverPod is an app pod of n containers as the API server hands it to a webhook.
func apiserverPod(n int, annotations map[string]string) *corev1.Pod {
	pod := &corev1.Pod{TypeMeta: metav1.TypeMeta{APIVersion: "v1", Kind: "Pod"},
		ObjectMeta: metav1.ObjectMeta{GenerateName: "web-7d9f8c6b5d-", Namespace: "shop",
			Labels:      map[string]string{"app": "web", "tier": "frontend", "pod-template-hash": "7d9f8c6b5d"},
			Annotations: annotations,
			OwnerReferences: []metav1.OwnerReference{{APIVersion: "apps/v1", Kind: "ReplicaSet", Name: "web-7d9f8c6b5d",
				UID: "0d6c1f0e-3b1a-4c1e-8f5e-6a7b8c9d0e1f", Controller: ptr.To(true), BlockOwnerDeletion: ptr.To(true)}},
			ManagedFields: []metav1.ManagedFieldsEntry{{Manager: "kube-controller-manager", Operation: metav1.ManagedFieldsOperationUpdate,
				APIVersion: "v1", FieldsType: "FieldsV1", FieldsV1: &metav1.FieldsV1{Raw: managedFields(n)}}}},
		Spec: corev1.PodSpec{ServiceAccountName: "web", DeprecatedServiceAccount: "web", RestartPolicy: corev1.RestartPolicyAlways,
			TerminationGracePeriodSeconds: ptr.To[int64](30), DNSPolicy: corev1.DNSClusterFirst, SchedulerName: "default-scheduler",
			SecurityContext: &corev1.PodSecurityContext{}, Priority: ptr.To[int32](0), EnableServiceLinks: ptr.To(true),
			PreemptionPolicy: ptr.To(corev1.PreemptLowerPriority),
			Tolerations: []corev1.Toleration{
				{Key: "node.kubernetes.io/not-ready", Operator: corev1.TolerationOpExists, Effect: corev1.TaintEffectNoExecute, TolerationSeconds: ptr.To[int64](300)},
				{Key: "node.kubernetes.io/unreachable", Operator: corev1.TolerationOpExists, Effect: corev1.TaintEffectNoExecute, TolerationSeconds: ptr.To[int64](300)}},
			Volumes: []corev1.Volume{{Name: "kube-api-access-x7k2p", VolumeSource: corev1.VolumeSource{Projected: &corev1.ProjectedVolumeSource{
				DefaultMode: ptr.To[int32](420), Sources: []corev1.VolumeProjection{
					{ServiceAccountToken: &corev1.ServiceAccountTokenProjection{Path: "token", ExpirationSeconds: ptr.To[int64](3607)}},
					{ConfigMap: &corev1.ConfigMapProjection{LocalObjectReference: corev1.LocalObjectReference{Name: "kube-root-ca.crt"},
						Items: []corev1.KeyToPath{{Key: "ca.crt", Path: "ca.crt"}}}},
					{DownwardAPI: &corev1.DownwardAPIProjection{Items: []corev1.DownwardAPIVolumeFile{{Path: "namespace",
						FieldRef: &corev1.ObjectFieldSelector{APIVersion: "v1", FieldPath: "metadata.namespace"}}}}}}}}}}}}
	for i := range n {
		pod.Spec.Containers = append(pod.Spec.Containers, appContainer(i))
	}
	return pod
}

func appContainer(i int) corev1.Container {
	name, image := "nginx", "nginx:1.27"
	if i > 0 {
		name, image = fmt.Sprintf("app-%d", i), "registry.example.com/shop/web:1.4.2"
	}
	res := corev1.ResourceRequirements{
		Requests: corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("250m"), corev1.ResourceMemory: resource.MustParse("256Mi")},
		Limits:   corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("500m"), corev1.ResourceMemory: resource.MustParse("512Mi")}}
	return corev1.Container{Name: name, Image: image, Resources: res,
		Ports: []corev1.ContainerPort{{Name: "http", ContainerPort: int32(8080 + i), Protocol: corev1.ProtocolTCP}},
		Env: []corev1.EnvVar{{Name: "LOG_LEVEL", Value: "info"}, {Name: "HTTP_PORT", Value: fmt.Sprint(8080 + i)},
			{Name: "OTEL_SERVICE_NAME", Value: "shop-web"}, {Name: "OTEL_EXPORTER_OTLP_ENDPOINT", Value: "http://otel-collector.observability:4317"},
			{Name: "POD_IP", ValueFrom: &corev1.EnvVarSource{FieldRef: &corev1.ObjectFieldSelector{APIVersion: "v1", FieldPath: "status.podIP"}}},
			{Name: "GOMEMLIMIT", ValueFrom: &corev1.EnvVarSource{ResourceFieldRef: &corev1.ResourceFieldSelector{
				ContainerName: name, Resource: "limits.memory", Divisor: resource.MustParse("1")}}}},
		VolumeMounts: []corev1.VolumeMount{{Name: "kube-api-access-x7k2p", ReadOnly: true, MountPath: "/var/run/secrets/kubernetes.io/serviceaccount"}},
		LivenessProbe: &corev1.Probe{ProbeHandler: corev1.ProbeHandler{TCPSocket: &corev1.TCPSocketAction{Port: intstr.FromInt32(int32(8080 + i))}},
			InitialDelaySeconds: 5, TimeoutSeconds: 1, PeriodSeconds: 10, SuccessThreshold: 1, FailureThreshold: 3},
		ReadinessProbe: &corev1.Probe{ProbeHandler: corev1.ProbeHandler{HTTPGet: &corev1.HTTPGetAction{Path: "/healthz",
			Port: intstr.FromInt32(int32(8080 + i)), Scheme: corev1.URISchemeHTTP}}, TimeoutSeconds: 1, PeriodSeconds: 10, SuccessThreshold: 1, FailureThreshold: 3},
		TerminationMessagePath: "/dev/termination-log", TerminationMessagePolicy: corev1.TerminationMessageReadFile,
		ImagePullPolicy: corev1.PullIfNotPresent,
		SecurityContext: &corev1.SecurityContext{AllowPrivilegeEscalation: ptr.To(false), RunAsNonRoot: ptr.To(true),
			Capabilities: &corev1.Capabilities{Drop: []corev1.Capability{"ALL"}}}}
}

// managedFields is the kube-controller-manager's field set for a pod of n containers.
func managedFields(n int) []byte {
	var b strings.Builder
	b.WriteString(`{"f:metadata":{"f:generateName":{},"f:labels":{".":{},"f:app":{},"f:pod-template-hash":{},"f:tier":{}},"f:ownerReferences":{".":{},"k:{\"uid\":\"0d6c1f0e-3b1a-4c1e-8f5e-6a7b8c9d0e1f\"}":{}}},"f:spec":{"f:containers":{`)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `"k:{\"name\":\"%s\"}":{".":{},"f:env":{".":{},"k:{\"name\":\"LOG_LEVEL\"}":{".":{},"f:name":{},"f:value":{}}},"f:image":{},"f:imagePullPolicy":{},"f:name":{},"f:ports":{".":{},"k:{\"containerPort\":%d,\"protocol\":\"TCP\"}":{".":{},"f:containerPort":{},"f:name":{},"f:protocol":{}}},"f:resources":{".":{},"f:limits":{".":{},"f:cpu":{},"f:memory":{}},"f:requests":{".":{},"f:cpu":{},"f:memory":{}}},"f:terminationMessagePath":{},"f:terminationMessagePolicy":{}}`,
			appContainer(i).Name, 8080+i)
	}
	b.WriteString(`},"f:dnsPolicy":{},"f:enableServiceLinks":{},"f:restartPolicy":{},"f:schedulerName":{},"f:securityContext":{},"f:serviceAccount":{},"f:serviceAccountName":{},"f:terminationGracePeriodSeconds":{}}}`)
	return []byte(b.String())
}
