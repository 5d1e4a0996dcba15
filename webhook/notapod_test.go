package webhook

import (
	"bytes"
	"net/http"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
)

// TestNonPodObjectsAsPodsAreRefused: a request for pods whose request.kind, or whose
// object's kind or apiVersion, says it is not a v1 Pod is a 400 on both endpoints, not a
// patch or a judgement of whatever it is; a pod that omits its kind is still served.
func TestNonPodObjectsAsPodsAreRefused(t *testing.T) {
	h, _ := examplesHandlers(t)
	pod := podReview(t, extremePod(func(*corev1.Pod) {}))
	for name, body := range map[string][]byte{
		"request.kind Deployment": bytes.Replace(pod, []byte(`"kind":{"group":"","version":"v1","kind":"Pod"}`),
			[]byte(`"kind":{"group":"apps","version":"v1","kind":"Deployment"}`), 1),
		"object kind ConfigMap":  bytes.Replace(pod, []byte(`"object":{"kind":"Pod"`), []byte(`"object":{"kind":"ConfigMap"`), 1),
		"object apiVersion apps": bytes.Replace(pod, []byte(`"apiVersion":"v1","metadata"`), []byte(`"apiVersion":"apps/v1","metadata"`), 1),
	} {
		if bytes.Equal(body, pod) {
			t.Fatalf("%s: the review was not edited (its JSON changed shape)", name)
		}
		for _, ep := range []string{WebhookMutate, WebhookValidate} {
			code, resp := serveWithin(t, h, ep, body, extremeBound)
			if code != http.StatusBadRequest || resp.Result == nil || !strings.Contains(resp.Result.Message, "not a v1 Pod") {
				t.Errorf("%s on %s: status %d %+v, want 400 not a v1 Pod", name, ep, code, resp.Result)
			}
		}
	}
	untyped := bytes.Replace(bytes.Replace(pod, []byte(`"object":{"kind":"Pod",`), []byte(`"object":{`), 1), []byte(`"apiVersion":"v1","metadata"`), []byte(`"metadata"`), 1)
	if bytes.Contains(untyped, []byte(`"object":{"kind"`)) || bytes.Contains(untyped, []byte(`"apiVersion":"v1","metadata"`)) || bytes.Equal(untyped, pod) {
		t.Fatal("the untyped pod still has its kind or apiVersion")
	}
	for _, ep := range []string{WebhookMutate, WebhookValidate} {
		if code, resp := serveWithin(t, h, ep, untyped, extremeBound); code != http.StatusOK {
			t.Errorf("a pod without kind on %s: status %d %+v, want 200", ep, code, resp.Result)
		}
	}
}
