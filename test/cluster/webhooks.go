package cluster

import (
	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/utils/ptr"

	"github.com/podpatterns/podpatterns/mutators"
	"github.com/podpatterns/podpatterns/validators"
)

// The webhook names, as the chart (charts/podpatterns/templates/*webhookconfiguration.yaml)
// renders them. The apiserver prefixes audit annotation keys and denial messages with them.
const (
	// WebhookInject mutates pods of namespaces labelled podpatterns.io/inject=enabled.
	WebhookInject = "inject.podpatterns.io"
	// WebhookDefaults mutates pods of namespaces that only select a profile (priority
	// class defaults), never those WebhookInject already covers.
	WebhookDefaults = "defaults.podpatterns.io"
	// WebhookProfiles validates pods of namespaces labelled podpatterns.io/profile.
	WebhookProfiles = "profiles.podpatterns.io"
)

// Server paths of the two endpoints.
const (
	PathMutate   = "/mutate"
	PathValidate = "/validate"
)

// LabelNamespaceName is the label the apiserver puts on every namespace with its name;
// the chart excludes namespaces by it.
const LabelNamespaceName = "kubernetes.io/metadata.name"

// notMirrorPod is the chart's matchCondition on every webhook: static (mirror) pods are
// created by the kubelet, which cannot change them, so they are never sent.
var notMirrorPod = admissionregistrationv1.MatchCondition{
	Name:       "not-a-mirror-pod",
	Expression: `!has(object.metadata.annotations) || !('kubernetes.io/config.mirror' in object.metadata.annotations)`,
}

// noPriorityClass is the chart's extra matchCondition on WebhookDefaults: a pod that
// already names a priority class has nothing to default.
var noPriorityClass = admissionregistrationv1.MatchCondition{
	Name:       "no-priority-class",
	Expression: `!has(object.spec.priorityClassName) || object.spec.priorityClassName == ''`,
}

// WebhookOptions describe one installation of the webhooks, as the chart's values do.
type WebhookOptions struct {
	// ConfigurationName names both configuration objects (the chart: the release's fullname).
	ConfigurationName string
	// ReleaseNamespace is excluded along with kube-system.
	ReleaseNamespace string
	// ExcludeNamespaces are further namespaces no webhook sees (webhooks.excludeNamespaces).
	ExcludeNamespaces []string
	// URL is the server's base URL (https://127.0.0.1:PORT); the chart uses a Service instead.
	URL string
	// CABundle is the PEM CA that signed the server's certificate.
	CABundle []byte
	// FailurePolicy applies to every webhook; the chart's default is Fail.
	FailurePolicy admissionregistrationv1.FailurePolicyType
	// TimeoutSeconds applies to every webhook; the chart's default is 5.
	TimeoutSeconds int32
}

// Default fills in the chart's defaults.
func (o *WebhookOptions) Default() {
	if o.ConfigurationName == "" {
		o.ConfigurationName = "podpatterns"
	}
	if o.ReleaseNamespace == "" {
		o.ReleaseNamespace = "podpatterns-system"
	}
	if o.FailurePolicy == "" {
		o.FailurePolicy = admissionregistrationv1.Fail
	}
	if o.TimeoutSeconds == 0 {
		o.TimeoutSeconds = 5
	}
}

// MutatingWebhookConfiguration is the chart's mutating configuration for o (defaulted).
func MutatingWebhookConfiguration(o WebhookOptions) *admissionregistrationv1.MutatingWebhookConfiguration {
	o.Default()
	inject := o.namespaceSelector(metav1.LabelSelectorRequirement{
		Key: mutators.LabelInject, Operator: metav1.LabelSelectorOpIn, Values: []string{mutators.InjectEnabled},
	})
	defaults := o.namespaceSelector(
		metav1.LabelSelectorRequirement{Key: validators.LabelProfile, Operator: metav1.LabelSelectorOpExists},
		metav1.LabelSelectorRequirement{Key: mutators.LabelInject, Operator: metav1.LabelSelectorOpNotIn, Values: []string{mutators.InjectEnabled}},
	)
	defaulting := o.mutating(WebhookDefaults, defaults)
	defaulting.MatchConditions = append(defaulting.MatchConditions, noPriorityClass)
	return &admissionregistrationv1.MutatingWebhookConfiguration{
		ObjectMeta: metav1.ObjectMeta{Name: o.ConfigurationName},
		Webhooks:   []admissionregistrationv1.MutatingWebhook{o.mutating(WebhookInject, inject), defaulting},
	}
}

// ValidatingWebhookConfiguration is the chart's validating configuration for o (defaulted).
func ValidatingWebhookConfiguration(o WebhookOptions) *admissionregistrationv1.ValidatingWebhookConfiguration {
	o.Default()
	profile := o.namespaceSelector(metav1.LabelSelectorRequirement{
		Key: validators.LabelProfile, Operator: metav1.LabelSelectorOpExists,
	})
	return &admissionregistrationv1.ValidatingWebhookConfiguration{
		ObjectMeta: metav1.ObjectMeta{Name: o.ConfigurationName},
		Webhooks: []admissionregistrationv1.ValidatingWebhook{{
			Name:                    WebhookProfiles,
			ClientConfig:            o.clientConfig(PathValidate),
			NamespaceSelector:       profile,
			MatchPolicy:             ptr.To(admissionregistrationv1.Equivalent),
			Rules:                   podCreate(),
			FailurePolicy:           ptr.To(o.FailurePolicy),
			SideEffects:             ptr.To(admissionregistrationv1.SideEffectClassNone),
			TimeoutSeconds:          ptr.To(o.TimeoutSeconds),
			AdmissionReviewVersions: []string{"v1"},
			MatchConditions:         []admissionregistrationv1.MatchCondition{notMirrorPod},
		}},
	}
}

// mutating is one mutating webhook on /mutate. Every podpatterns webhook handles pod
// CREATE only, has sideEffects None (so dry-run requests are sent to it), speaks
// admission.k8s.io/v1 and skips mirror pods; the mutating ones ask to be reinvoked when
// a later webhook changes the pod (IfNeeded).
func (o WebhookOptions) mutating(name string, selector *metav1.LabelSelector) admissionregistrationv1.MutatingWebhook {
	return admissionregistrationv1.MutatingWebhook{
		Name:                    name,
		ClientConfig:            o.clientConfig(PathMutate),
		NamespaceSelector:       selector,
		MatchPolicy:             ptr.To(admissionregistrationv1.Equivalent),
		Rules:                   podCreate(),
		FailurePolicy:           ptr.To(o.FailurePolicy),
		SideEffects:             ptr.To(admissionregistrationv1.SideEffectClassNone),
		TimeoutSeconds:          ptr.To(o.TimeoutSeconds),
		AdmissionReviewVersions: []string{"v1"},
		MatchConditions:         []admissionregistrationv1.MatchCondition{notMirrorPod},
		ReinvocationPolicy:      ptr.To(admissionregistrationv1.IfNeededReinvocationPolicy),
	}
}

// podCreate is the rule every podpatterns webhook has: CREATE of core/v1 pods.
func podCreate() []admissionregistrationv1.RuleWithOperations {
	return []admissionregistrationv1.RuleWithOperations{{
		Operations: []admissionregistrationv1.OperationType{admissionregistrationv1.Create},
		Rule: admissionregistrationv1.Rule{
			APIGroups:   []string{""},
			APIVersions: []string{"v1"},
			Resources:   []string{"pods"},
			Scope:       ptr.To(admissionregistrationv1.NamespacedScope),
		},
	}}
}

// namespaceSelector is reqs plus the exclusion of kube-system, the release namespace and
// ExcludeNamespaces, so the webhooks can never block the cluster's (or their own) recovery.
func (o WebhookOptions) namespaceSelector(reqs ...metav1.LabelSelectorRequirement) *metav1.LabelSelector {
	excluded := append([]string{"kube-system", o.ReleaseNamespace}, o.ExcludeNamespaces...)
	reqs = append(reqs, metav1.LabelSelectorRequirement{
		Key: LabelNamespaceName, Operator: metav1.LabelSelectorOpNotIn, Values: excluded,
	})
	return &metav1.LabelSelector{MatchExpressions: reqs}
}

// clientConfig points at path on the local server.
func (o WebhookOptions) clientConfig(path string) admissionregistrationv1.WebhookClientConfig {
	url := o.URL + path
	return admissionregistrationv1.WebhookClientConfig{URL: &url, CABundle: o.CABundle}
}
