package drift

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// Workload names what owns a pod, as a user would restart it: Kind is Deployment,
// StatefulSet, DaemonSet, ReplicaSet (one no Deployment owns), CronJob, Job (one no
// CronJob owns), another controller's kind, or Pod for a pod no controller owns.
type Workload struct {
	Kind, Namespace, Name string
}

// String is "<namespace>/<kind>/<name>".
func (w Workload) String() string { return w.Namespace + "/" + w.Kind + "/" + w.Name }

// Owners maps the ReplicaSets and Jobs of the cluster (namespace/name) to their own
// controller, so a pod's ReplicaSet resolves to its Deployment and a Job to its CronJob.
type Owners map[string]metav1.OwnerReference

// Add records the controller of an intermediate object (a ReplicaSet or a Job).
func (o Owners) Add(kind string, m metav1.ObjectMeta) {
	if ref := metav1.GetControllerOfNoCopy(&m); ref != nil {
		o[kind+"/"+m.Namespace+"/"+m.Name] = *ref
	}
}

// WorkloadOf is the workload that owns pod m.
func (o Owners) WorkloadOf(m metav1.ObjectMeta) Workload {
	ref := metav1.GetControllerOfNoCopy(&m)
	if ref == nil {
		return Workload{Kind: "Pod", Namespace: m.Namespace, Name: m.Name}
	}
	w := Workload{Kind: ref.Kind, Namespace: m.Namespace, Name: ref.Name}
	if ref.Kind == "ReplicaSet" || ref.Kind == "Job" {
		if up, ok := o[ref.Kind+"/"+m.Namespace+"/"+ref.Name]; ok {
			w.Kind, w.Name = up.Kind, up.Name
		}
	}
	return w
}
