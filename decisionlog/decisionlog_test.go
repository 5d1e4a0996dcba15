package decisionlog

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/go-logr/logr"
	"github.com/go-logr/logr/funcr"
	admissionv1 "k8s.io/api/admission/v1"
	authenticationv1 "k8s.io/api/authentication/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// capture returns a logger that appends every line (as funcr's JSON) to lines.
func capture(lines *[]string) logr.Logger {
	return funcr.NewJSON(func(obj string) { *lines = append(*lines, obj) }, funcr.Options{})
}

func TestFromRequest(t *testing.T) {
	yes := true
	pod := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{GenerateName: "web-7d9f-", OwnerReferences: []metav1.OwnerReference{
		{Kind: "ReplicaSet", Name: "web-7d9f", Controller: &yes}}}}
	req := &admissionv1.AdmissionRequest{UID: "u1", Namespace: "shop", UserInfo: authenticationv1.UserInfo{Username: "system:serviceaccount:kube-system:replicaset-controller"}}
	d := FromRequest("mutate", req, pod)
	if d.Pod != "web-7d9f-*" || d.Owner != "ReplicaSet/web-7d9f" || d.User != "system:serviceaccount:kube-system:replicaset-controller" || d.Namespace != "shop" || d.UID != "u1" {
		t.Errorf("%+v", d)
	}
}

// TestLineFields: a decision line carries everything an operator asks "why" with.
func TestLineFields(t *testing.T) {
	var lines []string
	l := New(capture(&lines), DefaultOptions(), nil)
	l.Log(Decision{Webhook: "mutate", Result: "patched", Namespace: "shop", Pod: "web-*", Owner: "ReplicaSet/web", User: "alice",
		Injected: []string{"sidecar/log-shipper"}, Skipped: []string{"adapter/nope: unknown-template"}, Latency: 1500 * time.Microsecond})
	l.Log(Decision{Webhook: "validate", Result: "denied", Namespace: "shop", Pod: "db", Violations: []string{"min-qos-class at spec"}, Reason: "podpatterns denied"})
	if len(lines) != 2 {
		t.Fatalf("%d lines", len(lines))
	}
	for _, want := range []string{`"msg":"admission"`, `"webhook":"mutate"`, `"result":"patched"`, `"namespace":"shop"`, `"pod":"web-*"`,
		`"owner":"ReplicaSet/web"`, `"user":"alice"`, `"injected":["sidecar/log-shipper"]`, `"skipped":["adapter/nope: unknown-template"]`, `"latency":"1.5ms"`} {
		if !strings.Contains(lines[0], want) {
			t.Errorf("line lacks %s: %s", want, lines[0])
		}
	}
	if !strings.Contains(lines[1], `"violations":["min-qos-class at spec"]`) || strings.Contains(lines[1], `"owner"`) {
		t.Errorf("deny line: %s", lines[1])
	}
}

// TestSwitches: each kind of decision can be switched off; undecided requests are
// always logged.
func TestSwitches(t *testing.T) {
	var lines []string
	l := New(capture(&lines), Options{Denies: false, Mutations: false, Admits: false}, nil)
	for _, r := range []string{"allowed", "patched", "denied", "warned", "error", "bad-request"} {
		l.Log(Decision{Result: r})
	}
	if len(lines) != 2 || !strings.Contains(lines[0], `"result":"error"`) || !strings.Contains(lines[1], `"result":"bad-request"`) {
		t.Errorf("with every switch off: %v", lines)
	}
}

// TestRateLimit: a storm is cut to the burst, every drop is counted, and the next line
// that gets through says how many of its result were dropped. Results are limited
// separately, so a flood of admits never hides a denial.
func TestRateLimit(t *testing.T) {
	var lines []string
	dropped := map[string]int{}
	clock := time.Unix(1_700_000_000, 0)
	l := New(capture(&lines), Options{Admits: true, Denies: true, PerSecond: 2}, func(r string) { dropped[r]++ })
	l.now = func() time.Time { return clock }
	for range 1000 {
		l.Log(Decision{Result: "allowed"})
	}
	l.Log(Decision{Result: "denied"})
	if len(lines) != 21 || dropped["allowed"] != 980 {
		t.Fatalf("%d lines (want burst 20 + the denial), %d dropped", len(lines), dropped["allowed"])
	}
	clock = clock.Add(time.Second)
	l.Log(Decision{Result: "allowed"})
	if last := lines[len(lines)-1]; !strings.Contains(last, fmt.Sprintf(`"suppressed":%d`, 980)) {
		t.Errorf("line after the storm: %s", last)
	}
	// A second burst in the same second: one token is left (2 a second, one taken by the
	// line above), so one line without a count, then 99 dropped; the line after them
	// counts those 99 only, not the first storm's too.
	for range 100 {
		l.Log(Decision{Result: "allowed"})
	}
	if last := lines[len(lines)-1]; strings.Contains(last, "suppressed") || len(lines) != 23 || dropped["allowed"] != 1079 {
		t.Fatalf("second burst: %d lines, %d dropped, last %s", len(lines), dropped["allowed"], last)
	}
	clock = clock.Add(time.Second)
	l.Log(Decision{Result: "allowed"})
	if last := lines[len(lines)-1]; !strings.Contains(last, `"suppressed":99}`) && !strings.Contains(last, `"suppressed":99,`) {
		t.Errorf("line after the second burst: %s, want suppressed 99", last)
	}
}

// TestLogBuiltOnlyWhenWritten: LogBuilt builds the decision of a line it writes, and
// never one a switch turns off or the rate limit drops.
func TestLogBuiltOnlyWhenWritten(t *testing.T) {
	var lines []string
	clock := time.Unix(1_700_000_000, 0)
	l := New(capture(&lines), Options{Admits: true, PerSecond: 2}, nil)
	l.now = func() time.Time { return clock }
	built := 0
	for _, r := range []string{"patched", "allowed"} {
		for range 100 {
			l.LogBuilt(r, func() Decision { built++; return Decision{Result: r, Namespace: "ns"} })
		}
	}
	if built != 20 || len(lines) != 20 || !strings.Contains(lines[0], `"namespace":"ns"`) {
		t.Errorf("%d decisions built for %d lines (want the burst of 20 allowed, none patched): %.200v", built, len(lines), lines)
	}
}
