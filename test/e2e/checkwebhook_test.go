package e2e

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/podpatterns/podpatterns/hooks"
)

// TestCheckWebhookAgainstAPIServer: the chart's install check (`podpatterns
// check-webhook`) passes against a real apiserver calling the running webhook, and
// fails, with its hint, in a namespace the webhook does not select (the apiserver
// admits the dry-run pod without calling it).
func TestCheckWebhookAgainstAPIServer(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	ns := newNamespace(t, injected(), nil)
	if err := hooks.CheckWebhook(ctxFor(t), suite.Client, hooks.CheckOptions{Namespace: ns, Timeout: 30 * time.Second, Interval: time.Second, Out: &out}); err != nil {
		t.Fatalf("check failed against a working webhook: %v\n%s", err, out.String())
	}
	if !strings.Contains(out.String(), "webhook reached") {
		t.Errorf("output: %s", out.String())
	}
	out.Reset()
	unselected := newNamespace(t, nil, nil)
	err := hooks.CheckWebhook(ctxFor(t), suite.Client, hooks.CheckOptions{Namespace: unselected, Timeout: 3 * time.Second, Interval: time.Second, Out: &out})
	if err == nil || !strings.Contains(err.Error(), "podpatterns.io/inject=enabled") {
		t.Errorf("check in an unselected namespace: %v", err)
	}
}
