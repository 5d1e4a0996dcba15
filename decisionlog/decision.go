// Package decisionlog writes one info line per admission decision (like Gatekeeper's
// --log-denies and --log-mutations), with switches per kind of decision and a rate limit
// per result, so a storm of identical requests cannot flood the log; what the limit drops
// is counted and reported on the next line that gets through.
package decisionlog

import (
	"time"

	admissionv1 "k8s.io/api/admission/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// Message is the msg of every decision line.
const Message = "admission"

// Decision is one admission decision, as logged.
type Decision struct {
	Webhook   string
	UID       string
	Namespace string
	// Pod is the pod's name, or its generateName followed by "*" when the apiserver has
	// not named it yet (pods of controllers).
	Pod string
	// Owner is "Kind/name" of the pod's controller, "" for a bare pod.
	Owner string
	User  string
	// Result is the request metrics' result label value (allowed, patched, denied, ...).
	Result     string
	Injected   []string // pattern/template
	Skipped    []string // pattern/template: reason
	Violations []string // rule at field path
	Reason     string   // the denial or error message, when there is one
	Revision   string
	Latency    time.Duration
}

// FromRequest fills the request's part of a decision: who asked, about which pod.
func FromRequest(webhook string, req *admissionv1.AdmissionRequest, pod *corev1.Pod) Decision {
	d := Decision{Webhook: webhook}
	if req == nil {
		return d
	}
	d.UID, d.Namespace, d.User, d.Pod = string(req.UID), req.Namespace, req.UserInfo.Username, req.Name
	if pod == nil {
		return d
	}
	if d.Pod == "" {
		d.Pod = pod.Name
	}
	if d.Pod == "" && pod.GenerateName != "" {
		d.Pod = pod.GenerateName + "*"
	}
	if ref := metav1.GetControllerOfNoCopy(pod); ref != nil {
		d.Owner = ref.Kind + "/" + ref.Name
	}
	return d
}

// keysAndValues is the line's structured fields; empty lists and strings are left out.
func (d Decision) keysAndValues() []any {
	kv := []any{"webhook", d.Webhook, "result", d.Result, "namespace", d.Namespace, "pod", d.Pod,
		"user", d.User, "uid", d.UID, "latency", d.Latency.String()}
	for _, f := range []struct {
		key string
		val string
	}{{"owner", d.Owner}, {"reason", d.Reason}, {"revision", d.Revision}} {
		if f.val != "" {
			kv = append(kv, f.key, f.val)
		}
	}
	for _, f := range []struct {
		key  string
		list []string
	}{{"injected", d.Injected}, {"skipped", d.Skipped}, {"violations", d.Violations}} {
		if len(f.list) > 0 {
			kv = append(kv, f.key, f.list)
		}
	}
	return kv
}
