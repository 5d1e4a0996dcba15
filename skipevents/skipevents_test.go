package skipevents

import (
	"strings"
	"testing"
	"unsafe"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/tools/record"

	"github.com/podpatterns/podpatterns/mutators"
)

func TestSkippedEvents(t *testing.T) {
	yes := true
	owned := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{GenerateName: "web-7d9f-", OwnerReferences: []metav1.OwnerReference{
		{APIVersion: "apps/v1", Kind: "ReplicaSet", Name: "web-7d9f", UID: "rs-uid", Controller: &yes}}}}
	bare := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "debug"}}
	skips := []mutators.Skip{
		{Pattern: mutators.PatternSidecar, Template: "log-shipr", Reason: mutators.SkipUnknownTemplate, Message: "no such template"},
		{Pattern: mutators.PatternPreStop, Reason: mutators.SkipOptedOut, Message: "pod said false"},
	}
	rec := record.NewFakeRecorder(10)
	rec.IncludeObject = true
	r := New(rec)
	r.Skipped("shop", owned, skips)
	r.Skipped("shop", bare, skips[:1])
	r.Skipped("shop", bare, skips[1:]) // the pod's own choice: no event
	close(rec.Events)
	var got []string
	for e := range rec.Events {
		got = append(got, e)
	}
	if len(got) != 2 {
		t.Fatalf("events: %q", got)
	}
	for i, want := range [][]string{
		{"Warning PodpatternsSkipped", `sidecar "log-shipr" not injected into pod web-7d9f-* (not named yet) (unknown-template)`, "kind=ReplicaSet"},
		{"Warning PodpatternsSkipped", "into pod debug", "kind=Namespace"},
	} {
		for _, w := range want {
			if !strings.Contains(got[i], w) {
				t.Errorf("event %d lacks %q: %s", i, w, got[i])
			}
		}
	}
}

// TestTarget: the controller by UID (kubectl describe matches events by it), else the
// namespace, stored in the namespace.
func TestTarget(t *testing.T) {
	yes := true
	owned := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{OwnerReferences: []metav1.OwnerReference{
		{APIVersion: "batch/v1", Kind: "Job", Name: "nightly", UID: "job-uid", Controller: &yes},
		{APIVersion: "v1", Kind: "ConfigMap", Name: "not-a-controller", UID: "cm"}}}}
	if got := *Target("etl", owned); got != (corev1.ObjectReference{APIVersion: "batch/v1", Kind: "Job", Name: "nightly", UID: "job-uid", Namespace: "etl"}) {
		t.Errorf("owned pod: %+v", got)
	}
	if got := *Target("etl", &corev1.Pod{}); got != (corev1.ObjectReference{APIVersion: "v1", Kind: "Namespace", Name: "etl", Namespace: "etl"}) {
		t.Errorf("bare pod: %+v", got)
	}
}

// TestTargetOwnsItsStrings: the reference does not share the pod's string bytes (a
// decoded pod's strings are views of the request body, which the event must not pin).
func TestTargetOwnsItsStrings(t *testing.T) {
	yes := true
	body := []byte("batch/v1 Job nightly job-uid")
	view := func(from, to int) string { return unsafe.String(&body[from], to-from) }
	pod := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{OwnerReferences: []metav1.OwnerReference{
		{APIVersion: view(0, 8), Kind: view(9, 12), Name: view(13, 20), UID: types.UID(view(21, 28)), Controller: &yes}}}}
	ref := Target("etl", pod)
	for _, s := range []string{ref.APIVersion, ref.Kind, ref.Name, string(ref.UID)} {
		if p := uintptr(unsafe.Pointer(unsafe.StringData(s))); p >= uintptr(unsafe.Pointer(&body[0])) && p < uintptr(unsafe.Pointer(&body[0]))+uintptr(len(body)) {
			t.Errorf("the target's %q shares the pod's bytes", s)
		}
	}
	if ref.Name != "nightly" || ref.UID != "job-uid" {
		t.Errorf("target %+v", ref)
	}
}
