package e2e

import (
	"bytes"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/yaml"

	"github.com/podpatterns/podpatterns/mutators"
	"github.com/podpatterns/podpatterns/test/cluster"
	"github.com/podpatterns/podpatterns/validators"
)

// The profile the validation tests use (examples/config.yaml): requests required,
// BestEffort forbidden. A pod without resources breaks three of its rules.
const (
	standardProfile = "standard"
	// unknownProfile is a profile no config defines.
	unknownProfile = "no-such-profile"
)

// profileNamespace creates a namespace selecting profile in mode ("" for the profile's
// own default mode).
func profileNamespace(t *testing.T, profile string, mode validators.Mode) string {
	t.Helper()
	labels := map[string]string{mutators.LabelProfile: profile}
	if mode != "" {
		labels[validators.LabelProfileMode] = string(mode)
	}
	return newNamespace(t, labels, nil)
}

// bestEffortPod has no resources at all.
func bestEffortPod(name string) *corev1.Pod { return podInNamespace(name, nil) }

// TestEnforceDenialAsTheUserSeesIt: in enforce mode the apiserver refuses the pod with
// 403 Forbidden and our message behind the webhook's name — what kubectl prints — and
// that message is word for word what `podpatterns validate` says offline.
func TestEnforceDenialAsTheUserSeesIt(t *testing.T) {
	t.Parallel()
	ns := profileNamespace(t, standardProfile, validators.ModeEnforce)
	pod := bestEffortPod("denied")
	_, _, err := createPod(t, ns, pod, metav1.CreateOptions{})
	offline := offlineValidate(t, ns, pod, standardProfile, validators.ModeEnforce)
	if len(offline) != 1 || !strings.HasPrefix(offline[0], "denied: ") {
		t.Fatalf("podpatterns validate printed %q, want one denial", offline)
	}
	want := fmt.Sprintf("admission webhook %q denied the request: %s", cluster.WebhookProfiles, strings.TrimPrefix(offline[0], "denied: "))
	if err == nil || err.Error() != want {
		t.Fatalf("the user reads:\n  %v\nwant (podpatterns validate offline):\n  %s", err, want)
	}
	if !apierrors.IsForbidden(err) {
		t.Errorf("error is not 403 Forbidden: %#v", err)
	}
	for _, rule := range []validators.Rule{validators.RuleRequestsRequired, validators.RuleQOSClass} {
		if !strings.Contains(err.Error(), "("+string(rule)+")") {
			t.Errorf("denial does not name rule %s", rule)
		}
	}
	t.Logf("the user reads: %v", err)
}

// TestWarnModeWarningsReachTheClient: in warn mode the pod is admitted and every
// violation arrives as an HTTP Warning header, which client-go hands to its warning
// handler (kubectl prints "Warning: ..."), exactly as `podpatterns validate` lists them.
func TestWarnModeWarningsReachTheClient(t *testing.T) {
	t.Parallel()
	ns := profileNamespace(t, standardProfile, validators.ModeWarn)
	pod := bestEffortPod("warned")
	_, warnings, err := createPod(t, ns, pod, metav1.CreateOptions{})
	if err != nil {
		t.Fatalf("warn mode must admit: %v", err)
	}
	var want []string
	for _, line := range offlineValidate(t, ns, pod, standardProfile, validators.ModeWarn) {
		want = append(want, strings.TrimPrefix(line, "Warning: "))
	}
	if len(want) != 3 || !slices.Equal(warnings, want) {
		t.Errorf("warnings the client received:\n  %s\nwant (podpatterns validate offline, 3 violations):\n  %s",
			strings.Join(warnings, "\n  "), strings.Join(want, "\n  "))
	}
}

// TestAuditModeAnnotationsInAuditLog: in audit mode the pod is admitted without a word
// and each violated rule becomes an audit annotation, which the apiserver writes to its
// audit log under the webhook's name (profiles.podpatterns.io/<rule>) — the same
// annotations `podpatterns validate` prints offline.
func TestAuditModeAnnotationsInAuditLog(t *testing.T) {
	t.Parallel()
	ns := profileNamespace(t, standardProfile, validators.ModeAudit)
	pod := bestEffortPod("audited")
	_, warnings, err := createPod(t, ns, pod, metav1.CreateOptions{})
	if err != nil {
		t.Fatalf("audit mode must admit: %v", err)
	}
	if len(warnings) != 0 {
		t.Errorf("audit mode with a valid profile must not warn, got %q", warnings)
	}
	want := map[string]string{}
	for _, line := range offlineValidate(t, ns, pod, standardProfile, validators.ModeAudit) {
		k, v, _ := strings.Cut(strings.TrimPrefix(line, "audit "), "=")
		want[cluster.WebhookProfiles+"/"+k] = v
	}
	if _, ok := want[cluster.WebhookProfiles+"/"+string(validators.RuleRequestsRequired)]; !ok {
		t.Fatalf("podpatterns validate reports no %s annotation: %v", validators.RuleRequestsRequired, want)
	}
	got := ourAuditAnnotations(auditEventOf(t, ns, "create"))
	if !maps.Equal(got, want) {
		t.Errorf("audit log annotations:\n  %v\nwant (podpatterns validate offline):\n  %v", got, want)
	}
}

// TestNamespaceProblemsNeverSilent: a namespace naming a profile the config lacks is
// denied in enforce mode, and warned about (not only audited) in audit mode.
func TestNamespaceProblemsNeverSilent(t *testing.T) {
	t.Parallel()
	enforce := profileNamespace(t, unknownProfile, validators.ModeEnforce)
	_, _, err := createPod(t, enforce, bestEffortPod("unknown"), metav1.CreateOptions{})
	assertDenied(t, err, cluster.WebhookProfiles, []string{"(" + string(validators.RuleUnknownProfile) + ")", unknownProfile})

	audit := profileNamespace(t, unknownProfile, validators.ModeAudit)
	_, warnings, err := createPod(t, audit, bestEffortPod("unknown"), metav1.CreateOptions{})
	if err != nil {
		t.Fatalf("audit mode must admit: %v", err)
	}
	if len(warnings) != 1 || !strings.Contains(warnings[0], string(validators.RuleUnknownProfile)) {
		t.Errorf("warnings %q, want one about %s", warnings, validators.RuleUnknownProfile)
	}
	key := cluster.WebhookProfiles + "/" + string(validators.RuleUnknownProfile)
	if _, ok := auditEventOf(t, audit, "create").Annotations[key]; !ok {
		t.Errorf("no %s audit annotation", key)
	}
}

// offlineValidate runs `podpatterns validate` on pod as it would be judged in namespace
// ns (same config file as the server) and returns its output lines without the
// "Pod/<name>: " prefix.
func offlineValidate(t *testing.T, ns string, pod *corev1.Pod, profile string, mode validators.Mode) []string {
	t.Helper()
	pod = pod.DeepCopy()
	pod.APIVersion, pod.Kind, pod.Namespace = "v1", "Pod", ns
	data, err := yaml.Marshal(pod)
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "pod.yaml")
	if err := os.WriteFile(file, data, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(suite.Binary, "validate", "-f", file, "--config", suite.ConfigPath,
		"--profile", profile, "--mode", string(mode), "--namespace-labels", mutators.LabelProfile+"="+profile)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	runErr := cmd.Run()
	if _, isExit := runErr.(*exec.ExitError); runErr != nil && !isExit {
		t.Fatalf("podpatterns validate: %v", runErr)
	}
	var lines []string
	prefix := "Pod/" + pod.Name + ": "
	for _, line := range strings.Split(strings.TrimSpace(stdout.String()), "\n") {
		if line != "" {
			lines = append(lines, strings.TrimPrefix(line, prefix))
		}
	}
	if len(lines) == 0 {
		t.Fatalf("podpatterns validate printed nothing (stderr: %s)", stderr.String())
	}
	return lines
}

// ourAuditAnnotations keeps the annotations our validating webhook set.
func ourAuditAnnotations(e cluster.AuditEvent) map[string]string {
	out := map[string]string{}
	for k, v := range e.Annotations {
		if strings.HasPrefix(k, cluster.WebhookProfiles+"/") {
			out[k] = v
		}
	}
	return out
}

// auditEventOf waits for the audit event of the (only) pod request with verb in namespace.
func auditEventOf(t *testing.T, namespace, verb string) cluster.AuditEvent {
	t.Helper()
	var found *cluster.AuditEvent
	eventually(t, 10*time.Second, "audit event of the pod "+verb, func() (bool, string) {
		events, err := cluster.ReadAuditLog(suite.Cluster.AuditLogPath)
		if err != nil {
			return false, err.Error()
		}
		for i, e := range events {
			if e.Stage == "ResponseComplete" && e.Verb == verb && e.ObjectRef != nil &&
				e.ObjectRef.Resource == "pods" && e.ObjectRef.Namespace == namespace {
				found = &events[i]
				return true, ""
			}
		}
		return false, fmt.Sprintf("%d events, none for pods in %s", len(events), namespace)
	})
	return *found
}
