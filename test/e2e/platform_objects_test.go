package e2e

import (
	"maps"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	psaapi "k8s.io/pod-security-admission/api"

	"github.com/podpatterns/podpatterns/test/cluster"
)

// platformNamespace is a namespace as a platform team runs it: labels (the case's, say)
// plus Pod Security enforcing level (latest), the agent injector selected, a LimitRange
// and a ResourceQuota.
func platformNamespace(t *testing.T, level psaapi.Level, labels, annotations map[string]string) string {
	t.Helper()
	l := maps.Clone(labels)
	if l == nil {
		l = map[string]string{}
	}
	l[psaapi.EnforceLevelLabel] = string(level)
	l[psaapi.EnforceVersionLabel] = psaapi.VersionLatest
	l[agentLabel] = "enabled"
	ns := newNamespace(t, l, annotations)
	createPlatformObjects(t, ns)
	return ns
}

// createPlatformObjects creates the LimitRange (container defaults; maxima generous
// enough for every shipped template) and the ResourceQuota of ns. No quota controller
// runs in the suite, so the quota's status (hard, nothing used) is written here, as the
// controller would: the API server's quota admission reads it.
func createPlatformObjects(t *testing.T, ns string) {
	t.Helper()
	q := resource.MustParse
	lr := &corev1.LimitRange{ObjectMeta: metav1.ObjectMeta{Name: "platform"}, Spec: corev1.LimitRangeSpec{Limits: []corev1.LimitRangeItem{{
		Type:           corev1.LimitTypeContainer,
		Default:        corev1.ResourceList{corev1.ResourceCPU: q("500m"), corev1.ResourceMemory: q("256Mi")},
		DefaultRequest: corev1.ResourceList{corev1.ResourceCPU: q("100m"), corev1.ResourceMemory: q("128Mi")},
		Max:            corev1.ResourceList{corev1.ResourceCPU: q("16"), corev1.ResourceMemory: q("64Gi")},
	}}}}
	if _, err := suite.Client.CoreV1().LimitRanges(ns).Create(ctxFor(t), lr, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	hard := corev1.ResourceList{corev1.ResourcePods: q("1000"),
		corev1.ResourceRequestsCPU: q("1000"), corev1.ResourceRequestsMemory: q("4Ti"),
		corev1.ResourceLimitsCPU: q("1000"), corev1.ResourceLimitsMemory: q("4Ti")}
	rq := &corev1.ResourceQuota{ObjectMeta: metav1.ObjectMeta{Name: "platform"}, Spec: corev1.ResourceQuotaSpec{Hard: hard}}
	created, err := suite.Client.CoreV1().ResourceQuotas(ns).Create(ctxFor(t), rq, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	used := corev1.ResourceList{}
	for name := range hard {
		used[name] = q("0")
	}
	created.Status = corev1.ResourceQuotaStatus{Hard: hard, Used: used}
	if _, err := suite.Client.CoreV1().ResourceQuotas(ns).UpdateStatus(ctxFor(t), created, metav1.UpdateOptions{}); err != nil {
		t.Fatal(err)
	}
}

// podpatternsDenial reports whether err is a denial by one of podpatterns' webhooks (a
// policy decision: a profile or an annotation value), as opposed to a rejection by the
// platform (Pod Security, LimitRange, quota) or another webhook.
func podpatternsDenial(err error) bool {
	for _, w := range []string{cluster.WebhookInject, cluster.WebhookDefaults, cluster.WebhookProfiles} {
		if strings.Contains(err.Error(), "admission webhook \""+w+"\" denied the request") {
			return true
		}
	}
	return false
}
