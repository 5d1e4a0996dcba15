package scenario

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"

	"github.com/podpatterns/podpatterns/mutators"
	"github.com/podpatterns/podpatterns/test/cluster"
)

// Outcome is what happened to one workload.
type Outcome struct {
	Workload *Workload
	// Pod is the stored pod (for a controller: its first pod); nil when none was admitted.
	Pod *corev1.Pod
	// Err is the apiserver's answer to a direct pod create that failed.
	Err error
	// Event is a controller's FailedCreate event message (the denial a user finds).
	Event string
	// Warnings are the warnings the client received (direct pods only).
	Warnings []string
	// Audit are the audit annotations of the pod's create request.
	Audit map[string]string
	// Problems list broken promises: what Expect says and the outcome does not show.
	Problems []string
}

// Collect waits (up to timeout) until every controller workload has a pod or a
// FailedCreate event, reads the audit log for direct pods, and checks every promise.
func Collect(ctx context.Context, client kubernetes.Interface, auditLog string, outcomes []*Outcome, timeout time.Duration) {
	deadline := time.Now().Add(timeout)
	for _, o := range outcomes {
		if o.Workload.Kind != KindPod {
			waitForController(ctx, client, o, deadline)
		}
	}
	for _, o := range outcomes {
		if o.Workload.Expect.Audited != "" {
			o.Audit = auditAnnotations(auditLog, o.Workload, deadline)
		}
		o.Problems = check(o)
	}
}

// waitForController polls for the workload's first pod or its FailedCreate event.
func waitForController(ctx context.Context, client kubernetes.Interface, o *Outcome, deadline time.Time) {
	w := o.Workload
	for time.Now().Before(deadline) && ctx.Err() == nil {
		pods, err := client.CoreV1().Pods(w.Namespace).List(ctx, metav1.ListOptions{LabelSelector: LabelWorkload + "=" + w.Name})
		if err == nil && len(pods.Items) > 0 {
			o.Pod = &pods.Items[0]
			return
		}
		events, err := client.CoreV1().Events(w.Namespace).List(ctx, metav1.ListOptions{})
		if err == nil {
			for _, e := range events.Items {
				if e.Reason == "FailedCreate" && strings.HasPrefix(e.InvolvedObject.Name, w.Name) {
					o.Event = e.Message
					return
				}
			}
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// auditAnnotations finds the audit annotations of the pod's create request.
func auditAnnotations(path string, w *Workload, deadline time.Time) map[string]string {
	for {
		events, _ := cluster.ReadAuditLog(path)
		for _, e := range events {
			if e.Stage == "ResponseComplete" && e.Verb == "create" && e.ObjectRef != nil &&
				e.ObjectRef.Namespace == w.Namespace && e.ObjectRef.Name == w.Name {
				return e.Annotations
			}
		}
		if time.Now().After(deadline) {
			return nil
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// check compares an outcome with its workload's promises.
func check(o *Outcome) []string {
	var problems []string
	x := o.Workload.Expect
	denial := o.Event
	if o.Err != nil {
		denial = o.Err.Error()
	}
	if x.Denied != "" {
		if !strings.Contains(denial, "("+string(x.Denied)+")") {
			problems = append(problems, fmt.Sprintf("want a denial for rule %s, got %q", x.Denied, denial))
		}
		return problems
	}
	if o.Pod == nil {
		return append(problems, "no pod was admitted: "+denial)
	}
	status, hasStatus := mutators.ParseStatus(o.Pod.Annotations[mutators.AnnotationStatus])
	if x.Untouched && hasStatus {
		problems = append(problems, "want the pod untouched, it has "+o.Pod.Annotations[mutators.AnnotationStatus])
	}
	for _, want := range x.Injected {
		pattern, template, _ := strings.Cut(want, "/")
		if !slices.Contains(status.Injected[mutators.Pattern(pattern)], template) {
			problems = append(problems, "want "+want+" injected; status: "+o.Pod.Annotations[mutators.AnnotationStatus])
		}
	}
	if x.QOS != "" && o.Pod.Status.QOSClass != x.QOS {
		problems = append(problems, fmt.Sprintf("want QoS class %s, got %s", x.QOS, o.Pod.Status.QOSClass))
	}
	if x.Warned != "" && !slices.ContainsFunc(o.Warnings, func(s string) bool { return strings.Contains(s, "("+string(x.Warned)+")") }) {
		problems = append(problems, fmt.Sprintf("want a warning for rule %s, got %q", x.Warned, o.Warnings))
	}
	if x.Audited != "" {
		if _, ok := o.Audit[cluster.WebhookProfiles+"/"+string(x.Audited)]; !ok {
			problems = append(problems, fmt.Sprintf("want audit annotation %s/%s, got %v", cluster.WebhookProfiles, x.Audited, o.Audit))
		}
	}
	return problems
}
