package drift_test

import (
	"context"
	"encoding/json"
	"slices"
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/types"
	metadatafake "k8s.io/client-go/metadata/fake"
	"k8s.io/utils/ptr"

	"github.com/podpatterns/podpatterns/drift"
	"github.com/podpatterns/podpatterns/mutators"
)

// hashes of the "current config" of these tests.
var current = map[mutators.Pattern]map[string]string{
	mutators.PatternSidecar:     {"log-shipper": "aaaa0002", "vault-agent": "bbbb0001"},
	mutators.PatternDownwardAPI: {"builtin": "cccc0001"},
}

func hash(p mutators.Pattern, name string) (string, bool) {
	h, ok := current[p][name]
	return h, ok
}

func status(t *testing.T, s mutators.Status) string {
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestChanges: a changed hash, a removed template, an unchanged one, the priority-class
// default (no template) and a status from before per-template hashes.
func TestChanges(t *testing.T) {
	s := mutators.Status{Revision: "old", Injected: map[mutators.Pattern][]string{
		mutators.PatternSidecar: {"gone", "log-shipper", "vault-agent"}, mutators.PatternDownwardAPI: {"builtin"},
		mutators.PatternPriorityClass: {"standard"}},
		Hashes: map[mutators.Pattern]map[string]string{mutators.PatternSidecar: {"gone": "1", "log-shipper": "aaaa0001", "vault-agent": "bbbb0001"},
			mutators.PatternDownwardAPI: {"builtin": "cccc0001"}}}
	got := drift.Changes(s, "new", hash)
	want := []drift.Change{{Pattern: mutators.PatternSidecar, Template: "gone", Why: drift.WhyRemoved},
		{Pattern: mutators.PatternSidecar, Template: "log-shipper", Why: drift.WhyChanged}}
	if !slices.Equal(got, want) {
		t.Errorf("changes %v, want %v", got, want)
	}
	legacy := mutators.Status{Revision: "old", Injected: s.Injected}
	if got := drift.Changes(legacy, "new", hash); len(got) != 4 || got[0].Why != drift.WhyUnknown {
		t.Errorf("a status without hashes from another revision: %v, want every template but the priority class, %s", got, drift.WhyUnknown)
	}
	if got := drift.Changes(legacy, "old", hash); got != nil {
		t.Errorf("a status without hashes from the current revision: %v, want none", got)
	}
}

// TestReportGroupsByWorkload: pods of a Deployment's ReplicaSets, a CronJob's Jobs, a
// StatefulSet and a bare pod group under the workload a user restarts; a workload whose
// pods all match is not listed; never-injected pods are ignored.
func TestReportGroupsByWorkload(t *testing.T) {
	stale := status(t, mutators.Status{Revision: "r1", Injected: map[mutators.Pattern][]string{mutators.PatternSidecar: {"log-shipper"}},
		Hashes: map[mutators.Pattern]map[string]string{mutators.PatternSidecar: {"log-shipper": "aaaa0001"}}})
	fresh := status(t, mutators.Status{Revision: "r2", Injected: map[mutators.Pattern][]string{mutators.PatternSidecar: {"vault-agent"}},
		Hashes: map[mutators.Pattern]map[string]string{mutators.PatternSidecar: {"vault-agent": "bbbb0001"}}})
	owners := drift.Owners{}
	owners.Add("ReplicaSet", meta("shop", "web-1", "", owner("Deployment", "web")))
	owners.Add("Job", meta("shop", "nightly-29", "", owner("CronJob", "nightly")))
	pods := []metav1.ObjectMeta{
		meta("shop", "web-1-a", stale, owner("ReplicaSet", "web-1")),
		meta("shop", "web-1-b", fresh, owner("ReplicaSet", "web-1")),
		meta("shop", "nightly-29-x", stale, owner("Job", "nightly-29")),
		meta("shop", "db-0", fresh, owner("StatefulSet", "db")),
		meta("shop", "debug", stale),
		meta("shop", "plain", "", owner("ReplicaSet", "web-1")),
	}
	got := drift.Report(pods, owners, "r2", hash)
	var names []string
	for _, d := range got {
		names = append(names, d.String())
	}
	want := []string{"shop/CronJob/nightly", "shop/Deployment/web", "shop/Pod/debug"}
	if !slices.Equal(names, want) {
		t.Fatalf("drifted %v, want %v", names, want)
	}
	web := got[1]
	if web.Pods != 2 || web.DriftedPods != 1 || !slices.Equal(web.Revisions, []string{"r1"}) || len(web.Changes) != 1 || web.Changes[0].String() != "sidecar/log-shipper (changed)" {
		t.Errorf("Deployment web: %+v", web)
	}
}

// TestRestartCommand: rollout restart where kubectl can, a comment elsewhere.
func TestRestartCommand(t *testing.T) {
	for w, want := range map[drift.Workload]string{
		{Kind: "Deployment", Namespace: "shop", Name: "web"}:  "kubectl rollout restart deployment/web -n shop",
		{Kind: "StatefulSet", Namespace: "shop", Name: "db"}:  "kubectl rollout restart statefulset/db -n shop",
		{Kind: "DaemonSet", Namespace: "ops", Name: "agent"}:  "kubectl rollout restart daemonset/agent -n ops",
		{Kind: "CronJob", Namespace: "shop", Name: "nightly"}: "# shop/CronJob/nightly: its next Job is injected with the current config; nothing to restart",
	} {
		if got := drift.RestartCommand(w); got != want {
			t.Errorf("%s: %q, want %q", w, got, want)
		}
	}
	if got := drift.RestartCommand(drift.Workload{Kind: "Pod", Namespace: "shop", Name: "debug"}); got[0] != '#' {
		t.Errorf("a bare pod gets a command to run: %q", got)
	}
}

// TestReaderPagesAndOwners: the reader follows every page and resolves owners from
// ReplicaSets and Jobs, metadata only.
func TestReaderPagesAndOwners(t *testing.T) {
	scheme := runtime.NewScheme()
	if err := metav1.AddMetaToScheme(scheme); err != nil {
		t.Fatal(err)
	}
	var objs []runtime.Object
	for i := range 3 {
		objs = append(objs, object("v1", "Pod", meta("shop", "p"+string(rune('a'+i)), "", owner("ReplicaSet", "web-1"))))
	}
	objs = append(objs, object("apps/v1", "ReplicaSet", meta("shop", "web-1", "", owner("Deployment", "web"))))
	r := drift.Reader{Client: metadatafake.NewSimpleMetadataClient(scheme, objs...)}
	pods, err := r.Pods(context.Background(), "")
	if err != nil || len(pods) != 3 {
		t.Fatalf("pods %d, %v", len(pods), err)
	}
	owners, err := r.Owners(context.Background(), "shop")
	if err != nil {
		t.Fatal(err)
	}
	if w := owners.WorkloadOf(pods[0]); w.String() != "shop/Deployment/web" {
		t.Errorf("pod's workload %s, want shop/Deployment/web", w)
	}
}

func object(apiVersion, kind string, m metav1.ObjectMeta) *metav1.PartialObjectMetadata {
	return &metav1.PartialObjectMetadata{TypeMeta: metav1.TypeMeta{APIVersion: apiVersion, Kind: kind}, ObjectMeta: m}
}

func meta(ns, name, status string, refs ...metav1.OwnerReference) metav1.ObjectMeta {
	m := metav1.ObjectMeta{Namespace: ns, Name: name, OwnerReferences: refs}
	if status != "" {
		m.Annotations = map[string]string{mutators.AnnotationStatus: status}
	}
	return m
}

func owner(kind, name string) metav1.OwnerReference {
	return metav1.OwnerReference{Kind: kind, Name: name, UID: types.UID(name), Controller: ptr.To(true)}
}
