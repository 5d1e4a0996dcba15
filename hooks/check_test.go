package hooks

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/client-go/kubernetes/fake"
	k8stesting "k8s.io/client-go/testing"
	"k8s.io/pod-security-admission/api"
	"k8s.io/pod-security-admission/policy"

	"github.com/podpatterns/podpatterns/mutators"
)

// apiserver answers pod creates like an apiserver with the webhook behind it: the
// errors in fail first (one per call), then the pod back, mutated when mutate is set.
// It records whether every create was a dry run.
type apiserver struct {
	fail   []error
	mutate bool
	calls  int
	dryRun bool
}

func (a *apiserver) client() *fake.Clientset {
	c := fake.NewClientset()
	a.dryRun = true
	c.PrependReactor("create", "pods", func(action k8stesting.Action) (bool, runtime.Object, error) {
		a.calls++
		create := action.(k8stesting.CreateActionImpl)
		if opts := create.GetCreateOptions(); len(opts.DryRun) != 1 || opts.DryRun[0] != metav1.DryRunAll {
			a.dryRun = false
		}
		if len(a.fail) > 0 {
			err := a.fail[0]
			a.fail = a.fail[1:]
			return true, nil, err
		}
		pod := create.GetObject().(*corev1.Pod).DeepCopy()
		if a.mutate {
			pod.Annotations[mutators.AnnotationStatus] = `{"downwardAPI":true}`
		}
		return true, pod, nil
	})
	return c
}

func opts(out *bytes.Buffer, timeout time.Duration) CheckOptions {
	return CheckOptions{Namespace: "podpatterns-check", Timeout: timeout, Interval: time.Millisecond, Out: out}
}

var errTLS = errors.New(`Internal error occurred: failed calling webhook "inject.podpatterns.io": tls: failed to verify certificate: x509: certificate signed by unknown authority`)

func TestCheckWebhookRetriesUntilMutated(t *testing.T) {
	a := &apiserver{fail: []error{errTLS, errTLS, errTLS}, mutate: true}
	var out bytes.Buffer
	if err := CheckWebhook(context.Background(), a.client(), opts(&out, 10*time.Second)); err != nil {
		t.Fatal(err)
	}
	if a.calls != 4 || !a.dryRun {
		t.Errorf("calls=%d dryRun=%v, want 4 dry-run creates", a.calls, a.dryRun)
	}
	// A repeated error is reported once.
	if n := strings.Count(out.String(), "x509"); n != 1 {
		t.Errorf("the same error printed %d times:\n%s", n, out.String())
	}
	if !strings.Contains(out.String(), "webhook reached") {
		t.Errorf("no success line:\n%s", out.String())
	}
}

func TestCheckWebhookFailsWithHint(t *testing.T) {
	for _, tt := range []struct {
		name   string
		server *apiserver
		hint   string
	}{
		{"unreachable", &apiserver{fail: repeat(errTLS, 1000)}, "caBundle"},
		{"admitted without the patch", &apiserver{}, "podpatterns.io/inject=enabled"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			err := CheckWebhook(context.Background(), tt.server.client(), opts(&out, 50*time.Millisecond))
			if err == nil {
				t.Fatal("check passed")
			}
			if !strings.Contains(err.Error(), "hint: ") || !strings.Contains(err.Error(), tt.hint) {
				t.Errorf("error without the hint %q: %v", tt.hint, err)
			}
		})
	}
}

func repeat(err error, n int) []error {
	out := make([]error, n)
	for i := range out {
		out[i] = err
	}
	return out
}

// TestCheckPodIsRestricted: the check namespace enforces Pod Security "restricted"; the
// apiserver's own evaluator must find nothing to forbid.
func TestCheckPodIsRestricted(t *testing.T) {
	pod := CheckPod("podpatterns-check")
	eval, err := policy.NewEvaluator(policy.DefaultChecks(), nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range eval.EvaluatePod(api.LevelVersion{Level: api.LevelRestricted, Version: api.LatestVersion()}, &pod.ObjectMeta, &pod.Spec) {
		if !r.Allowed {
			t.Errorf("%s: %s", r.ForbiddenReason, r.ForbiddenDetail)
		}
	}
}

func TestRemoveWebhookConfigurations(t *testing.T) {
	c := fake.NewClientset(
		&admissionregistrationv1.MutatingWebhookConfiguration{ObjectMeta: metav1.ObjectMeta{Name: "podpatterns"}},
		&admissionregistrationv1.ValidatingWebhookConfiguration{ObjectMeta: metav1.ObjectMeta{Name: "podpatterns"}},
		&admissionregistrationv1.ValidatingWebhookConfiguration{ObjectMeta: metav1.ObjectMeta{Name: "someone-else"}},
	)
	ctx := context.Background()
	var out bytes.Buffer
	if err := RemoveWebhookConfigurations(ctx, c, "podpatterns", "podpatterns", &out); err != nil {
		t.Fatal(err)
	}
	m, _ := c.AdmissionregistrationV1().MutatingWebhookConfigurations().List(ctx, metav1.ListOptions{})
	v, _ := c.AdmissionregistrationV1().ValidatingWebhookConfigurations().List(ctx, metav1.ListOptions{})
	if len(m.Items) != 0 || len(v.Items) != 1 || v.Items[0].Name != "someone-else" {
		t.Errorf("left mutating %v, validating %v", m.Items, v.Items)
	}
	// A second run (helm uninstall retried) succeeds: already gone is fine.
	out.Reset()
	if err := RemoveWebhookConfigurations(ctx, c, "podpatterns", "podpatterns", &out); err != nil {
		t.Fatal(err)
	}
	if strings.Count(out.String(), "already gone") != 2 {
		t.Errorf("second run:\n%s", out.String())
	}
}
