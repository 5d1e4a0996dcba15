package mutators

import (
	"slices"
	"testing"

	corev1 "k8s.io/api/core/v1"
)

// TestTerminationPlanFollowsTheKubelet: the plan's SIGTERM and exit times follow the
// kubelet's rules: hooks start together at deletion, main containers get SIGTERM when
// their hook ends, native sidecars once their hook has ended and every main container
// and every later sidecar has exited.
func TestTerminationPlanFollowsTheKubelet(t *testing.T) {
	always := corev1.ContainerRestartPolicyAlways
	sleep := func(n int64) *corev1.Lifecycle {
		return &corev1.Lifecycle{PreStop: &corev1.LifecycleHandler{Sleep: &corev1.SleepAction{Seconds: n}}}
	}
	drain := &corev1.Lifecycle{PreStop: &corev1.LifecycleHandler{HTTPGet: &corev1.HTTPGetAction{Path: "/drain"}}}
	five, two := int64(5), int64(2)
	templates := map[string]SidecarTemplate{
		"shipper": {Native: ptrTo(true), ShutdownSeconds: &two, Container: corev1.Container{Name: "shipper", Image: "s:1"}},
		"proxy":   {Native: ptrTo(false), ShutdownSeconds: &five, Container: corev1.Container{Name: "proxy", Image: "p:1"}},
	}
	pod := &corev1.Pod{Spec: corev1.PodSpec{
		InitContainers: []corev1.Container{
			{Name: "setup", Image: "x:1"}, // runs to completion: not in the plan
			{Name: "shipper", Image: "s:1", RestartPolicy: &always},
			{Name: "own-sidecar", Image: "o:1", RestartPolicy: &always, Lifecycle: sleep(90)}, // the user's: shutdownSeconds
		},
		Containers: []corev1.Container{
			{Name: "app", Image: "a:1", Lifecycle: sleep(10)},
			{Name: "api", Image: "b:1", Lifecycle: drain},
			{Name: "proxy", Image: "p:1", Lifecycle: sleep(40)},
		},
	}}
	p := terminationPlanner{templates: templates, shutdown: 20, assume: 15}
	got := p.plan(pod, nil, nil)
	want := []PlanStop{
		{Container: "app", PreStop: 10, Term: 10, Exit: 30},
		{Container: "api", PreStop: 15, Term: 15, Exit: 35, Assumed: true},
		{Container: "proxy", PreStop: 40, Term: 40, Exit: 45},
		// its own 90 s hook outlasts the main containers (45 s): SIGTERM when it ends
		{Container: "own-sidecar", PreStop: 90, Term: 90, Exit: 110},
		// started before own-sidecar: stops after it
		{Container: "shipper", PreStop: 0, Term: 110, Exit: 112},
	}
	if !slices.Equal(got.Stops, want) || got.GraceSeconds != 112 {
		t.Errorf("plan = %+v\nwant grace 112, %+v", got, want)
	}
}
