package e2enode

import (
	"testing"
	"time"

	"github.com/podpatterns/podpatterns/mutators"
	"github.com/podpatterns/podpatterns/test/nodestack"
)

// TestRolloutDropsNoRequest is the experiment of the lifecycle notes: the same
// Deployment of agnhost netexec rolled in a namespace without podpatterns and in one
// where pods get podpatterns.io/prestop. With the preStop sleep the ingress never sends
// to a pod that stopped serving: zero failures. Without it, the count is reported (and
// must be above zero, or the experiment's delay is wrong: it is the negative control).
func TestRolloutDropsNoRequest(t *testing.T) {
	needRelease(t)
	plain := newNamespace(t, "rollout-plain", nil)
	without := rollout(t, plain, nil)
	logf("rollout without podpatterns: %d of %d requests failed (last error: %s) in %s", without.Failed, without.Sent, without.LastError, nodestack.Round(without.Took))
	prestop := injectNamespace(t, "rollout-prestop")
	with := rollout(t, prestop, map[string]string{mutators.AnnotationPreStop: "true"})
	logf("rollout with podpatterns.io/prestop: %d of %d requests failed (last error: %s) in %s", with.Failed, with.Sent, with.LastError, nodestack.Round(with.Took))
	if with.Failed != 0 {
		t.Errorf("with the preStop sleep %d of %d requests failed (last: %s)", with.Failed, with.Sent, with.LastError)
	}
	if without.Failed == 0 {
		t.Errorf("without podpatterns no request failed either: the experiment cannot tell (ingress delay %s)", nodestack.IngressDelay)
	}
}

// rollout runs nodestack.Rollout in ns: the Deployment and its Service, the ingress, a
// restart of the Deployment; it returns what the clients saw.
func rollout(t *testing.T, ns string, annotations map[string]string) nodestack.RolloutResult {
	t.Helper()
	r, err := nodestack.Rollout(ctxFor(t, 5*time.Minute), env.Cluster.Client, ns, annotations)
	if err != nil {
		t.Fatal(err)
	}
	return r
}
