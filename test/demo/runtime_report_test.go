package main

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/podpatterns/podpatterns/mutators"
	"github.com/podpatterns/podpatterns/test/cluster"
	"github.com/podpatterns/podpatterns/test/nodestack"
)

// goodEvidence is what a working node shows.
func goodEvidence() *runtimeEvidence {
	running := corev1.ContainerState{Running: &corev1.ContainerStateRunning{}}
	always := corev1.ContainerRestartPolicyAlways
	return &runtimeEvidence{
		Pod: &corev1.Pod{
			ObjectMeta: metav1.ObjectMeta{Namespace: nsRuntime, Name: "everything"},
			Spec:       corev1.PodSpec{NodeName: cluster.NodeName, InitContainers: []corev1.Container{{Name: "render"}, {Name: "helper", RestartPolicy: &always}}},
			Status: corev1.PodStatus{
				InitContainerStatuses: []corev1.ContainerStatus{
					{Name: "render", State: corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{Reason: "Completed"}}},
					{Name: "helper", State: running},
				},
				ContainerStatuses: []corev1.ContainerStatus{{Name: "app", State: running}},
				PodIP:             "10.88.0.7",
			},
		},
		Rendered: "name=demo\n", Want: "name=demo\n",
		SelfEnv:     map[string]string{"POD_NAME": "everything", "POD_NAMESPACE": nsRuntime, "POD_IP": "10.88.0.7", "NODE_NAME": cluster.NodeName},
		Annotations: `kubernetes.io/config.source="api"` + "\n" + mutators.AnnotationDownwardAPI + `="true"`,
		Serving:     nodestack.PreStopSleep, Gone: 6 * time.Second, Grace: 15 * time.Second,
		Without: nodestack.RolloutResult{Sent: 600, Failed: 40}, With: nodestack.RolloutResult{Sent: 600},
	}
}

// TestRuntimeReportMarksEachBrokenPromise: the runtime section's checks pass on good
// evidence, and each broken promise (the negative controls) is one ✗.
func TestRuntimeReportMarksEachBrokenPromise(t *testing.T) {
	r := &nodeRun{node: &cluster.Node{}}
	var out bytes.Buffer
	if broken := printRuntime(&out, r, goodEvidence()); broken != 0 {
		t.Fatalf("good evidence: %d broken\n%s", broken, out.String())
	}
	for name, breakIt := range map[string]func(*runtimeEvidence){
		"a container restarted":            func(e *runtimeEvidence) { e.Pod.Status.ContainerStatuses[0].RestartCount = 1 },
		"the sidecar is not running":       func(e *runtimeEvidence) { e.Pod.Status.InitContainerStatuses[1].State = corev1.ContainerState{} },
		"the app reads another file":       func(e *runtimeEvidence) { e.Rendered = "name=\n" },
		"the app sees another pod's IP":    func(e *runtimeEvidence) { e.SelfEnv["POD_IP"] = "10.88.0.8" },
		"no annotations file content":      func(e *runtimeEvidence) { e.Annotations = "" },
		"no drain":                         func(e *runtimeEvidence) { e.Serving = 100 * time.Millisecond },
		"failures with prestop":            func(e *runtimeEvidence) { e.With.Failed = 1 },
		"no failure without: cannot tell":  func(e *runtimeEvidence) { e.Without.Failed = 0 },
		"gone long after the grace period": func(e *runtimeEvidence) { e.Gone = time.Minute },
	} {
		ev := goodEvidence()
		breakIt(ev)
		out.Reset()
		if broken := printRuntime(&out, r, ev); broken != 1 {
			t.Errorf("%s: %d broken, want 1\n%s", name, broken, out.String())
		}
	}
}

// TestSkippedNodeSaysWhy: a machine that cannot run the node gets every reason in the
// report, never a silent skip.
func TestSkippedNodeSaysWhy(t *testing.T) {
	if err := nodeAllowed(nodeOff); !errors.Is(err, errNodeOff) {
		t.Fatalf("--node=off: %v", err)
	}
	ok := func() error { return nil }
	noRoot := func() error { return errors.New(cluster.ReasonNotRoot) }
	// Node tools not installed yet is not a reason to skip while they are installable:
	// the stack builds them on first use.
	if err := nodeAllowedBy(nodeAuto, ok, ok); err != nil {
		t.Errorf("host fine, tools installable: %v, want the runtime part to run", err)
	}
	if err := nodeAllowedBy(nodeAuto, noRoot, ok); err == nil || !strings.Contains(err.Error(), cluster.ReasonNotRoot) {
		t.Errorf("not root: %v", err)
	}
	if err := nodeAllowedBy(nodeAuto, ok, func() error { return errors.New(cluster.ReasonNoAptGet) }); err == nil {
		t.Errorf("tools neither there nor installable: allowed")
	}
	var out bytes.Buffer
	printNodeSkipped(&out, errors.Join(errors.New(cluster.ReasonNotRoot), errors.New(cluster.ReasonNoOverlay)))
	for _, want := range []string{"RUNTIME PART SKIPPED", cluster.ReasonNotRoot, cluster.ReasonNoOverlay} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("the skip notice lacks %q:\n%s", want, out.String())
		}
	}
}
