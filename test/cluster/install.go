package cluster

import (
	"context"
	"fmt"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/client-go/kubernetes"

	"github.com/podpatterns/podpatterns/mutators"
)

// InstallWebhooks creates (or replaces) the chart's mutating and validating
// configurations for o.
func InstallWebhooks(ctx context.Context, client kubernetes.Interface, o WebhookOptions) error {
	mwc, vwc, err := WebhookConfigurations(o)
	if err != nil {
		return err
	}
	mutating := client.AdmissionregistrationV1().MutatingWebhookConfigurations()
	if cur, err := mutating.Get(ctx, mwc.Name, metav1.GetOptions{}); err == nil {
		mwc.ResourceVersion = cur.ResourceVersion
		_, err = mutating.Update(ctx, mwc, metav1.UpdateOptions{})
		if err != nil {
			return fmt.Errorf("updating MutatingWebhookConfiguration %s: %w", mwc.Name, err)
		}
	} else if _, err = mutating.Create(ctx, mwc, metav1.CreateOptions{}); err != nil {
		return fmt.Errorf("creating MutatingWebhookConfiguration %s: %w", mwc.Name, err)
	}
	validating := client.AdmissionregistrationV1().ValidatingWebhookConfigurations()
	if cur, err := validating.Get(ctx, vwc.Name, metav1.GetOptions{}); err == nil {
		vwc.ResourceVersion = cur.ResourceVersion
		_, err = validating.Update(ctx, vwc, metav1.UpdateOptions{})
		if err != nil {
			return fmt.Errorf("updating ValidatingWebhookConfiguration %s: %w", vwc.Name, err)
		}
	} else if _, err = validating.Create(ctx, vwc, metav1.CreateOptions{}); err != nil {
		return fmt.Errorf("creating ValidatingWebhookConfiguration %s: %w", vwc.Name, err)
	}
	return nil
}

// Probe namespaces: one the mutating webhook selects, one only the profile webhooks select.
const (
	ProbeNamespaceInject  = "podpatterns-probe-inject"
	ProbeNamespaceProfile = "podpatterns-probe-profile"
	// probeProfile is a profile no config defines: validation denies it in enforce mode.
	probeProfile = "podpatterns-probe-no-such-profile"
	// probeInjectValue is not "true" or "false": the mutating chain denies it.
	probeInjectValue = "probe"
)

// WaitForWebhooks returns once the apiserver really calls both endpoints of the server:
// the configurations take effect asynchronously, and a server that is not serving yet
// would be admitted past by failurePolicy Ignore. It dry-runs probe pods whose denial can
// only come from our server (an invalid podpatterns.io/inject value; a profile the config
// does not define) until both are denied by the expected webhook.
func WaitForWebhooks(ctx context.Context, client kubernetes.Interface, timeout time.Duration) error {
	probes := []struct {
		namespace, webhook  string
		labels, annotations map[string]string
	}{
		{ProbeNamespaceInject, WebhookInject,
			map[string]string{mutators.LabelInject: mutators.InjectEnabled},
			map[string]string{mutators.AnnotationInject: probeInjectValue}},
		{ProbeNamespaceProfile, WebhookProfiles,
			map[string]string{mutators.LabelProfile: probeProfile}, nil},
	}
	for _, p := range probes {
		if err := EnsureNamespace(ctx, client, p.namespace, p.labels, nil); err != nil {
			return err
		}
		pod := ProbePod(p.namespace, p.annotations)
		var last error
		err := wait.PollUntilContextTimeout(ctx, 100*time.Millisecond, timeout, true, func(ctx context.Context) (bool, error) {
			_, last = client.CoreV1().Pods(p.namespace).Create(ctx, pod, metav1.CreateOptions{DryRun: []string{metav1.DryRunAll}})
			return last != nil && strings.Contains(last.Error(), fmt.Sprintf("admission webhook %q", p.webhook)), nil
		})
		if err != nil {
			return fmt.Errorf("webhook %s never answered a probe pod in namespace %s within %s (last result: %v)", p.webhook, p.namespace, timeout, last)
		}
	}
	return nil
}

// ProbePod is a minimal valid pod.
func ProbePod(namespace string, annotations map[string]string) *corev1.Pod {
	return &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{GenerateName: "probe-", Namespace: namespace, Annotations: annotations},
		Spec: corev1.PodSpec{Containers: []corev1.Container{{
			Name: "app", Image: "registry.example.com/app:1.0",
		}}},
	}
}

// EnsureNamespace creates a namespace, or sets the given labels and annotations on it.
func EnsureNamespace(ctx context.Context, client kubernetes.Interface, name string, labels, annotations map[string]string) error {
	ns := &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: name, Labels: labels, Annotations: annotations}}
	_, err := client.CoreV1().Namespaces().Create(ctx, ns, metav1.CreateOptions{})
	if !apierrors.IsAlreadyExists(err) {
		return err
	}
	cur, err := client.CoreV1().Namespaces().Get(ctx, name, metav1.GetOptions{})
	if err != nil {
		return err
	}
	cur.Labels = merge(cur.Labels, labels)
	cur.Annotations = merge(cur.Annotations, annotations)
	_, err = client.CoreV1().Namespaces().Update(ctx, cur, metav1.UpdateOptions{})
	return err
}

func merge(dst, src map[string]string) map[string]string {
	if dst == nil {
		dst = map[string]string{}
	}
	for k, v := range src {
		dst[k] = v
	}
	return dst
}
