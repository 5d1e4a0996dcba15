package webhook

import (
	"encoding/json"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// podView is the part of a pod that validation and the mutating chain's selection read:
// metadata, the containers' names, images, resources, restart policies, ports and
// whether they set a readiness probe, pod-level
// resources and the priority class. Decoding only these skips the rest of the pod
// (probes' content, env, volumes, managed fields) with the scanner alone: no reflection, no
// allocation, no quantity parsing for it. The differential tests (fastpath_test.go)
// prove that every answer built from it is byte for byte the answer built from the
// whole pod.
type podView struct {
	// Kind and APIVersion say whether the object is a Pod at all (podToAdmit).
	Kind       string `json:"kind"`
	APIVersion string `json:"apiVersion"`
	Metadata   struct {
		Name         string            `json:"name"`
		GenerateName string            `json:"generateName"`
		Namespace    string            `json:"namespace"`
		Labels       map[string]string `json:"labels"`
		Annotations  map[string]string `json:"annotations"`
	} `json:"metadata"`
	Spec struct {
		Containers        []containerView              `json:"containers"`
		InitContainers    []containerView              `json:"initContainers"`
		Ephemeral         []containerView              `json:"ephemeralContainers"`
		Resources         *corev1.ResourceRequirements `json:"resources"`
		Overhead          corev1.ResourceList          `json:"overhead"`
		PriorityClassName string                       `json:"priorityClassName"`
		Priority          *int32                       `json:"priority"`
		PreemptionPolicy  *corev1.PreemptionPolicy     `json:"preemptionPolicy"`
	} `json:"spec"`
	Status struct {
		QOSClass corev1.PodQOSClass `json:"qosClass"`
	} `json:"status"`
}

type containerView struct {
	Name          string                         `json:"name"`
	Image         string                         `json:"image"`
	Resources     corev1.ResourceRequirements    `json:"resources"`
	RestartPolicy *corev1.ContainerRestartPolicy `json:"restartPolicy"`
	Ports         []corev1.ContainerPort         `json:"ports"`
	// ReadinessProbe is only looked at for being set (the readiness rule): the probe is
	// skipped, and the view's container gets an empty one.
	ReadinessProbe present `json:"readinessProbe"`
}

// present records that a member is set to anything but null, without keeping its value
// (a json.RawMessage copied the probe's bytes and boxed them, per container).
type present bool

// UnmarshalJSON is called by encoding/json with the member's (valid) bytes, null
// included, as it would leave a *json.RawMessage nil for it.
func (p *present) UnmarshalJSON(raw []byte) error {
	*p = string(raw) != "null"
	return nil
}

// decodePodView decodes raw into a pod holding only podView's fields.
func decodePodView(raw []byte) (*corev1.Pod, error) {
	var v podView
	if !scanPodView(raw, &v) { // one pass without reflection; anything unusual: encoding/json
		v = podView{}
		if err := json.Unmarshal(raw, &v); err != nil {
			return decodePod(raw) // the whole pod's error: the message does not depend on the path
		}
	}
	return v.pod(), nil
}

// pod is a pod holding only the view's fields.
func (v *podView) pod() *corev1.Pod {
	m := &v.Metadata
	pod := &corev1.Pod{
		TypeMeta: metav1.TypeMeta{Kind: v.Kind, APIVersion: v.APIVersion},
		ObjectMeta: metav1.ObjectMeta{Name: m.Name, GenerateName: m.GenerateName, Namespace: m.Namespace,
			Labels: m.Labels, Annotations: m.Annotations},
		Spec: corev1.PodSpec{Containers: containers(v.Spec.Containers), InitContainers: containers(v.Spec.InitContainers),
			Resources: v.Spec.Resources, Overhead: v.Spec.Overhead, PriorityClassName: v.Spec.PriorityClassName,
			Priority: v.Spec.Priority, PreemptionPolicy: v.Spec.PreemptionPolicy},
		Status: corev1.PodStatus{QOSClass: v.Status.QOSClass},
	}
	for _, c := range containers(v.Spec.Ephemeral) {
		pod.Spec.EphemeralContainers = append(pod.Spec.EphemeralContainers,
			corev1.EphemeralContainer{EphemeralContainerCommon: corev1.EphemeralContainerCommon{Name: c.Name, Image: c.Image, Resources: c.Resources}})
	}
	return pod
}

func containers(in []containerView) []corev1.Container {
	if in == nil {
		return nil
	}
	out := make([]corev1.Container, len(in))
	var probes []corev1.Probe // one allocation for the containers' empty probes
	for i, c := range in {
		out[i] = corev1.Container{Name: c.Name, Image: c.Image, Resources: c.Resources, RestartPolicy: c.RestartPolicy, Ports: c.Ports}
		if c.ReadinessProbe {
			if probes == nil {
				probes = make([]corev1.Probe, len(in)-i)
			}
			out[i].ReadinessProbe, probes = &probes[0], probes[1:]
		}
	}
	return out
}
