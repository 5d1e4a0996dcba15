package e2e

import (
	"slices"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/podpatterns/podpatterns/mutators"
)

// TestWorkloadFeedbackUnderLimitRange: in a namespace with the guaranteed profile
// (workloadMode enforce) whose LimitRange defaults every container to equal cpu and
// memory requests and limits, a Deployment whose template sets no resources is admitted,
// as its pods are (LimitRanger defaults them before the webhooks); the control, the same
// Deployment without the LimitRange, is denied.
func TestWorkloadFeedbackUnderLimitRange(t *testing.T) {
	t.Parallel()
	ranges := []*corev1.LimitRange{{ObjectMeta: metav1.ObjectMeta{Name: "guaranteed-defaults"}, Spec: corev1.LimitRangeSpec{
		Limits: []corev1.LimitRangeItem{{Type: corev1.LimitTypeContainer, Default: rl("cpu", "500m", "memory", "256Mi")}}}}}
	ns := profileNamespace(t, guaranteedProfile, "")
	createRanges(t, ns, ranges)
	apps, rec := appsClient(t)
	dryRun := metav1.CreateOptions{DryRun: []string{metav1.DryRunAll}}
	eventually(t, 15*time.Second, "the Deployment is admitted once the server knows the LimitRange", func() (bool, string) {
		_, err := apps.Deployments(ns).Create(ctxFor(t), deploymentOf("bare", 1, bestEffortPod("")), dryRun)
		return err == nil, toJSON(err)
	})
	if slices.ContainsFunc(rec.List(), func(w string) bool { return strings.Contains(w, "would deny") }) {
		t.Errorf("warnings %q: the pods are admitted, so is the template, without a word", rec.List())
	}
	if _, _, err := createPod(t, ns, bestEffortPod("bare"), dryRun); err != nil {
		t.Errorf("its pod: %v", err)
	}
	plain := profileNamespace(t, guaranteedProfile, "")
	if _, err := apps.Deployments(plain).Create(ctxFor(t), deploymentOf("bare", 1, bestEffortPod("")), dryRun); err == nil {
		t.Error("control: without the LimitRange the guaranteed profile must deny the Deployment")
	}
}

// TestQuotaWarningReachesTheClient: when the injected log shipper takes a pod over what
// the namespace's ResourceQuota has left, podpatterns injects it and warns, naming the
// quota and the resource; ResourceQuota admission, which decides, rejects the pod, and
// the warning reaches the client with the rejection (the documented limit: a quota is
// never more than a warning). Control: the pod without podpatterns fits the quota.
func TestQuotaWarningReachesTheClient(t *testing.T) {
	t.Parallel()
	quota := &corev1.ResourceQuota{ObjectMeta: metav1.ObjectMeta{Name: "compute"}, Spec: corev1.ResourceQuotaSpec{Hard: rl("requests.memory", "100Mi")}}
	pod := podInNamespace("over", map[string]string{mutators.AnnotationSidecars: "log-shipper"})
	pod.Spec.Containers[0].Resources.Requests = rl("cpu", "10m", "memory", "60Mi")
	dryRun := metav1.CreateOptions{DryRun: []string{metav1.DryRunAll}}
	for _, c := range []struct {
		labels  map[string]string
		control bool
	}{{injected(), false}, {nil, true}} {
		ns := newNamespace(t, c.labels, nil)
		// The suite's controller manager runs no quota controller: the test writes the
		// status it would (nothing used yet), which ResourceQuota admission reads.
		created, err := suite.Client.CoreV1().ResourceQuotas(ns).Create(ctxFor(t), quota.DeepCopy(), metav1.CreateOptions{})
		if err != nil {
			t.Fatal(err)
		}
		created.Status = corev1.ResourceQuotaStatus{Hard: quota.Spec.Hard, Used: rl("requests.memory", "0")}
		if _, err := suite.Client.CoreV1().ResourceQuotas(ns).UpdateStatus(ctxFor(t), created, metav1.UpdateOptions{}); err != nil {
			t.Fatal(err)
		}
		if c.control {
			if _, _, err := createPod(t, ns, pod, dryRun); err != nil {
				t.Errorf("control: the pod alone fits the quota, the API server said %v", err)
			}
			continue
		}
		var warnings []string
		eventually(t, 15*time.Second, "the server knows the quota", func() (bool, string) {
			_, warnings, err = createPod(t, ns, pod, dryRun)
			return slices.ContainsFunc(warnings, func(w string) bool { return strings.Contains(w, "ResourceQuota compute") }), strings.Join(warnings, "; ")
		})
		if !slices.ContainsFunc(warnings, func(w string) bool {
			return strings.Contains(w, "requests.memory to 124Mi") && strings.Contains(w, "over the 100Mi ResourceQuota compute has left")
		}) {
			t.Errorf("warnings %q lack the quota warning", warnings)
		}
		if err == nil || !strings.Contains(err.Error(), "exceeded quota: compute") {
			t.Errorf("ResourceQuota admission answered %v; want its rejection", err)
		}
	}
}
