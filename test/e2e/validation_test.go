package e2e

import (
	"fmt"
	"strings"
	"testing"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/podpatterns/podpatterns/test/cluster"
	"github.com/podpatterns/podpatterns/validators"
)

// unknownProfile is a profile no config defines: the chain reports rule unknown-profile
// in whatever mode the namespace asks for.
const unknownProfile = "no-such-profile"

// profileNamespace creates a namespace selecting profile in mode ("" for the profile's
// own default mode).
func profileNamespace(t *testing.T, profile string, mode validators.Mode) string {
	t.Helper()
	labels := map[string]string{validators.LabelProfile: profile}
	if mode != "" {
		labels[validators.LabelProfileMode] = string(mode)
	}
	return newNamespace(t, labels, nil)
}

// TestEnforceDenialAsTheUserSeesIt: in enforce mode the apiserver refuses the pod with
// 403 Forbidden and our message, prefixed by the webhook's name — what kubectl prints.
func TestEnforceDenialAsTheUserSeesIt(t *testing.T) {
	t.Parallel()
	ns := profileNamespace(t, unknownProfile, validators.ModeEnforce)
	_, _, err := createPod(t, ns, podInNamespace("denied", nil), metav1.CreateOptions{})
	want := fmt.Sprintf(`podpatterns profile %q denied the pod (1 violation): [%s] namespace.%s.labels[%s]: Not found: %q`,
		unknownProfile, validators.RuleUnknownProfile, ns, validators.LabelProfile, unknownProfile)
	assertDenied(t, err, cluster.WebhookProfiles, []string{want})
	if !apierrors.IsForbidden(err) {
		t.Errorf("error is not 403 Forbidden: %#v", err)
	}
	t.Logf("the user reads: %v", err)
}

// TestWarnModeWarningsReachTheClient: in warn mode the pod is admitted and every
// violation arrives as an HTTP Warning header, which client-go hands to its warning
// handler (kubectl prints "Warning: ...").
func TestWarnModeWarningsReachTheClient(t *testing.T) {
	t.Parallel()
	ns := profileNamespace(t, unknownProfile, validators.ModeWarn)
	_, warnings, err := createPod(t, ns, podInNamespace("warned", nil), metav1.CreateOptions{})
	if err != nil {
		t.Fatalf("warn mode must admit: %v", err)
	}
	want := fmt.Sprintf(`podpatterns profile %q [%s]: namespace.%s.labels[%s]: Not found: %q`,
		unknownProfile, validators.RuleUnknownProfile, ns, validators.LabelProfile, unknownProfile)
	if len(warnings) != 1 || warnings[0] != want {
		t.Errorf("warnings %q, want exactly [%q]", warnings, want)
	}
}

// TestAuditModeAnnotationsInAuditLog: in audit mode the pod is admitted silently and each
// violated rule becomes an audit annotation, which the apiserver writes to its audit log
// under the webhook's name: profiles.podpatterns.io/<rule>.
func TestAuditModeAnnotationsInAuditLog(t *testing.T) {
	t.Parallel()
	ns := profileNamespace(t, unknownProfile, validators.ModeAudit)
	_, warnings, err := createPod(t, ns, podInNamespace("audited", nil), metav1.CreateOptions{})
	if err != nil {
		t.Fatalf("audit mode must admit: %v", err)
	}
	if len(warnings) != 0 {
		t.Errorf("audit mode must not warn, got %q", warnings)
	}
	key := cluster.WebhookProfiles + "/" + string(validators.RuleUnknownProfile)
	event := auditEventOf(t, ns, "create")
	value, ok := event.Annotations[key]
	if !ok {
		t.Fatalf("audit event has no %s annotation; annotations: %v", key, event.Annotations)
	}
	if !strings.Contains(value, unknownProfile) {
		t.Errorf("audit annotation %s=%q does not name the profile", key, value)
	}
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
