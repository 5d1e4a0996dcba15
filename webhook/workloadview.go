package webhook

import (
	"bytes"
	"encoding/json"
	"net/http"

	admissionv1 "k8s.io/api/admission/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/util/validation/field"
)

// workloadKind is a pod controller the workloads webhook judges: its kind (a metric
// label) and where its pod template sits.
type workloadKind struct {
	kind string
	at   *field.Path
}

var (
	specTemplate    = field.NewPath("spec", "template")
	jobSpecTemplate = field.NewPath("spec", "jobTemplate", "spec", "template")
)

// workloadKinds are the pod controllers of the chart's workloads.podpatterns.io rules,
// by group and resource (matchPolicy Equivalent: the apiserver sends their v1 form).
var workloadKinds = map[schema.GroupResource]workloadKind{
	{Group: "apps", Resource: "deployments"}:  {"Deployment", specTemplate},
	{Group: "apps", Resource: "statefulsets"}: {"StatefulSet", specTemplate},
	{Group: "apps", Resource: "daemonsets"}:   {"DaemonSet", specTemplate},
	{Group: "apps", Resource: "replicasets"}:  {"ReplicaSet", specTemplate},
	{Group: "batch", Resource: "jobs"}:        {"Job", specTemplate},
	{Group: "batch", Resource: "cronjobs"}:    {"CronJob", jobSpecTemplate},
}

// WorkloadKindNames lists the kinds (metrics export them at 0).
func WorkloadKindNames() []string {
	return []string{"Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "CronJob"}
}

// workloadView is what the workloads webhook reads of a workload: whether a controller
// owns it, and its pod template as raw JSON (decoded on as a pod view, like /validate's
// pods). Nothing else of the object is decoded.
type workloadView struct {
	Metadata struct {
		OwnerReferences []struct {
			Controller *bool `json:"controller"`
		} `json:"ownerReferences"`
	} `json:"metadata"`
	Spec struct {
		Template    json.RawMessage `json:"template"`
		JobTemplate struct {
			Spec struct {
				Template json.RawMessage `json:"template"`
			} `json:"spec"`
		} `json:"jobTemplate"`
	} `json:"spec"`
}

// template is the raw pod template at k's path.
func (v *workloadView) template(k workloadKind) []byte {
	if k.at == jobSpecTemplate {
		return v.Spec.JobTemplate.Spec.Template
	}
	return v.Spec.Template
}

// controllerOwned reports whether a controller owns the workload (a Deployment's
// ReplicaSet, a CronJob's Job, an operator's StatefulSet).
func (v *workloadView) controllerOwned() bool {
	for _, ref := range v.Metadata.OwnerReferences {
		if ref.Controller != nil && *ref.Controller {
			return true
		}
	}
	return false
}

// decodeWorkload decodes raw (request.object or oldObject) as k's shape and returns it
// with its pod template; a workload without one is a bad request (the apiserver's own
// validation requires it before validating webhooks run).
func decodeWorkload(op admissionv1.Operation, raw []byte, k workloadKind) (*workloadView, []byte, *reviewError) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || bytes.Equal(raw, []byte("null")) {
		return nil, nil, badRequest(http.StatusBadRequest, "request object is empty for a %s of %s", op, k.kind)
	}
	var v workloadView
	if err := json.Unmarshal(raw, &v); err != nil {
		return nil, nil, badRequest(http.StatusBadRequest, "cannot decode the %s: %v", k.kind, err)
	}
	tmpl := bytes.TrimSpace(v.template(k))
	if len(tmpl) == 0 || bytes.Equal(tmpl, []byte("null")) {
		return nil, nil, badRequest(http.StatusBadRequest, "the %s has no %s", k.kind, k.at)
	}
	return &v, tmpl, nil
}

// PathWorkloads is the endpoint of the workloads webhook (the chart's
// workloads.podpatterns.io entries).
const PathWorkloads = "/validate-workloads"
