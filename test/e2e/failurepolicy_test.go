package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/podpatterns/podpatterns/mutators"
	"github.com/podpatterns/podpatterns/test/cluster"
)

// TestFailurePolicyWhenServerIsDown stops the server and checks what the chart's
// failurePolicy means for users: Fail rejects pods of opted-in namespaces (naming our
// webhook), Ignore admits them untouched, and in both cases unlabelled namespaces,
// kube-system and the release namespace keep working — so the server's own Deployment
// can always come back. Sequential: every other test needs the server.
func TestFailurePolicyWhenServerIsDown(t *testing.T) {
	injectNS := newNamespace(t, injected(), nil)
	profileNS := newNamespace(t, map[string]string{mutators.LabelProfile: "standard"}, nil)
	plainNS := newNamespace(t, nil, nil)
	t.Cleanup(func() { restoreServer(t) })
	if err := suite.Server.Stop(); err != nil {
		t.Fatalf("stopping the server: %v", err)
	}

	t.Run("Fail", func(t *testing.T) {
		setFailurePolicy(t, admissionregistrationv1.Fail)
		for ns, webhook := range map[string]string{injectNS: cluster.WebhookInject, profileNS: cluster.WebhookDefaults} {
			_, _, err := createPod(t, ns, podInNamespace("rejected", nil), metav1.CreateOptions{})
			want := fmt.Sprintf("failed calling webhook %q", webhook)
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Errorf("namespace %s: got %v, want an error containing %q", ns, err, want)
			}
		}
		assertStillAdmitted(t, plainNS)
	})

	t.Run("Ignore", func(t *testing.T) {
		setFailurePolicy(t, admissionregistrationv1.Ignore)
		for _, ns := range []string{injectNS, profileNS} {
			var last error
			eventually(t, 10*time.Second, "failurePolicy Ignore admits in "+ns, func() (bool, string) {
				got, _, err := createPod(t, ns, wantsLogShipper("ignored-"+randomSuffix()), metav1.CreateOptions{})
				last = err
				if err == nil {
					assertUntouched(t, got)
				}
				return err == nil, fmt.Sprint(last)
			})
		}
		assertStillAdmitted(t, plainNS)
	})
}

// assertStillAdmitted: pods of plainNS, kube-system and the release namespace are
// admitted while the server is down.
func assertStillAdmitted(t *testing.T, plainNS string) {
	t.Helper()
	for _, ns := range []string{plainNS, metav1.NamespaceSystem, ReleaseNamespace} {
		if _, _, err := createPod(t, ns, podInNamespace("admitted-"+randomSuffix(), nil), metav1.CreateOptions{}); err != nil {
			t.Errorf("namespace %s must not depend on the webhook: %v", ns, err)
		}
	}
}

// setFailurePolicy reinstalls the webhook configurations with policy and waits until the
// apiserver applies it: with the server down, Fail shows as a "failed calling webhook"
// error in an opted-in namespace, Ignore as an admission.
func setFailurePolicy(t *testing.T, policy admissionregistrationv1.FailurePolicyType) {
	t.Helper()
	suite.Webhooks.FailurePolicy = policy
	if err := cluster.InstallWebhooks(ctxFor(t), suite.Client, suite.Webhooks); err != nil {
		t.Fatal(err)
	}
	ns := newNamespace(t, injected(), nil)
	eventually(t, 10*time.Second, "the apiserver applies failurePolicy "+string(policy), func() (bool, string) {
		_, _, err := createPod(t, ns, podInNamespace("policy-probe", nil), metav1.CreateOptions{DryRun: []string{metav1.DryRunAll}})
		failed := err != nil && strings.Contains(err.Error(), "failed calling webhook")
		return failed == (policy == admissionregistrationv1.Fail), fmt.Sprint(err)
	})
}

// restoreServer puts the suite back as TestMain left it: failurePolicy Fail, the server
// running on its port, the webhooks answering.
func restoreServer(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	suite.Webhooks.FailurePolicy = admissionregistrationv1.Fail
	if err := cluster.InstallWebhooks(ctx, suite.Client, suite.Webhooks); err != nil {
		t.Fatalf("restoring the webhook configurations: %v", err)
	}
	if err := suite.RestartServer(ctx); err != nil {
		t.Fatalf("restarting the server: %v", err)
	}
	if err := cluster.WaitForWebhooks(ctx, suite.Client, 30*time.Second); err != nil {
		t.Fatal(err)
	}
}
