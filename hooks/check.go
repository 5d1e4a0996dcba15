package hooks

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"

	"github.com/podpatterns/podpatterns/mutators"
)

// CheckOptions say where and how long to check.
type CheckOptions struct {
	// Namespace is selected by the mutating webhook (the chart's <fullname>-check).
	Namespace string
	// Timeout bounds the whole check; Interval is the pause between attempts.
	Timeout, Interval time.Duration
	// Out receives one line per distinct failure and the result.
	Out io.Writer
}

// errNotMutated: the apiserver admitted the pod without the webhook's patch.
var errNotMutated = errors.New("the pod was admitted without the webhook's patch (no " + mutators.AnnotationStatus +
	" annotation): the webhook configuration does not select the namespace, or failurePolicy Ignore hid a failed call")

// CheckWebhook creates CheckPod with dryRun=All until the response carries the webhook's
// status annotation, or the timeout passes. The apiserver rejects the create while the
// webhook is unreachable (failurePolicy Fail), so the last error says why.
func CheckWebhook(ctx context.Context, client kubernetes.Interface, o CheckOptions) error {
	ctx, cancel := context.WithTimeout(ctx, o.Timeout)
	defer cancel()
	var last error
	for attempt := 1; ; attempt++ {
		err := tryOnce(ctx, client, o.Namespace)
		if err == nil {
			fmt.Fprintf(o.Out, "webhook reached: a dry-run pod in namespace %s came back mutated (attempt %d)\n", o.Namespace, attempt)
			return nil
		}
		if last == nil || err.Error() != last.Error() {
			fmt.Fprintf(o.Out, "attempt %d: %v\n", attempt, err)
		}
		last = err
		select {
		case <-ctx.Done():
			return fmt.Errorf("the apiserver did not reach the webhook within %s: %w\nhint: %s", o.Timeout, last, Hint(last))
		case <-time.After(o.Interval):
		}
	}
}

func tryOnce(ctx context.Context, client kubernetes.Interface, namespace string) error {
	created, err := client.CoreV1().Pods(namespace).Create(ctx, CheckPod(namespace), metav1.CreateOptions{DryRun: []string{metav1.DryRunAll}})
	if err != nil {
		return err
	}
	if _, ok := created.Annotations[mutators.AnnotationStatus]; !ok {
		return errNotMutated
	}
	return nil
}

// Hint names the usual cause of an error calling the webhook
// (docs/operations/troubleshooting.md has the details).
func Hint(err error) string {
	msg := err.Error()
	switch {
	case errors.Is(err, errNotMutated):
		return "check the namespace's podpatterns.io/inject=enabled label and `kubectl get mutatingwebhookconfiguration -o yaml`"
	case strings.Contains(msg, "x509"), strings.Contains(msg, "certificate"):
		return "the webhook configuration's caBundle does not verify the serving certificate: cert-manager's cainjector has not filled it yet, or the issuer leaves ca.crt empty"
	case strings.Contains(msg, "no endpoints"), strings.Contains(msg, "connection refused"):
		return "no ready replica behind the Service: kubectl get pods,endpointslices in the release namespace"
	case strings.Contains(msg, "deadline exceeded"), strings.Contains(msg, "timeout"), strings.Contains(msg, "i/o timeout"):
		return "the apiserver cannot connect to the pods: a NetworkPolicy, or a firewall between the control plane and the nodes on the webhook port (managed control planes: allow it, or set hostNetwork=true)"
	case strings.Contains(msg, "forbidden"):
		return "the check's ServiceAccount may not create pods in the check namespace, or a policy denied the pod"
	default:
		return "see docs/operations/troubleshooting.md"
	}
}

func mustQuantity(s string) resource.Quantity { return resource.MustParse(s) }
