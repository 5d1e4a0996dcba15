package main

import (
	"fmt"
	"io"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"

	"github.com/podpatterns/podpatterns/test/cluster"
	"github.com/podpatterns/podpatterns/test/nodestack"
)

// drainSlack is how much shorter than the preStop sleep the observed serving time may
// be (the first failed probe is up to 100 ms late; the kubelet starts the hook late).
const drainSlack = 500 * time.Millisecond

// printRuntime writes the runtime section and returns the number of broken promises.
func printRuntime(w io.Writer, r *nodeRun, ev *runtimeEvidence) int {
	fmt.Fprintf(w, "\nRUNTIME — node %s (kubelet + containerd on this machine), node Ready in %s, helm install --wait %s, evidence collected in %s\n",
		cluster.NodeName, nodestack.Round(r.node.Timings.Total), nodestack.Round(r.helm), nodestack.Round(ev.Took))
	broken := 0
	check := func(ok bool, format string, args ...any) {
		mark := "✓"
		if !ok {
			mark, broken = "✗", broken+1
		}
		fmt.Fprintf(w, "  %s %s\n", mark, fmt.Sprintf(format, args...))
	}
	check(containersLines(w, ev.Pod), "pod %s/%s (%s), Pod Security restricted + a LimitRange: every injected container started, none restarted", ev.Pod.Namespace, ev.Pod.Name, ev.Pod.Status.PodIP)
	check(ev.Rendered == ev.Want, "the app's process reads %s, rendered from ConfigMaps app-templates + app-params before it started:", renderedFile)
	for _, line := range strings.Split(strings.TrimSuffix(ev.Rendered, "\n"), "\n") {
		fmt.Fprintf(w, "        | %s\n", line)
	}
	if ev.Rendered != ev.Want {
		fmt.Fprintf(w, "      PROBLEM  want %q\n", ev.Want)
	}
	printSelfAwareness(w, ev, check)
	check(ev.Serving >= nodestack.PreStopSleep-drainSlack && ev.Gone <= ev.Grace+5*time.Second,
		"deleted, it kept serving at its pod IP for %s (injected preStop sleep %s), gone after %s (grace period %s)",
		nodestack.Round(ev.Serving), nodestack.PreStopSleep, nodestack.Round(ev.Gone), ev.Grace)
	fmt.Fprintf(w, "  rollout experiment: %d netexec replicas restarted one by one, a request every %s through an ingress %s behind the EndpointSlices\n",
		nodestack.RolloutReplicas, nodestack.RequestInterval, nodestack.IngressDelay)
	check(ev.Without.Failed > 0, "without podpatterns:          %4d of %d requests failed (last: %s), rollout %s",
		ev.Without.Failed, ev.Without.Sent, orNone(ev.Without.LastError), nodestack.Round(ev.Without.Took))
	if ev.Without.Failed == 0 {
		fmt.Fprintf(w, "      PROBLEM  no request failed without podpatterns either: the ingress delay %s is wrong for this machine, the experiment cannot tell\n", nodestack.IngressDelay)
	}
	check(ev.With.Failed == 0, "with podpatterns.io/prestop: %4d of %d requests failed (last: %s), rollout %s",
		ev.With.Failed, ev.With.Sent, orNone(ev.With.LastError), nodestack.Round(ev.With.Took))
	return broken
}

// containersLines lists each container as the kubelet reports it; false when one is
// not running (the render init container must have completed) or restarted.
func containersLines(w io.Writer, p *corev1.Pod) bool {
	ok := true
	native := map[string]bool{}
	for _, c := range p.Spec.InitContainers {
		native[c.Name] = c.RestartPolicy != nil && *c.RestartPolicy == corev1.ContainerRestartPolicyAlways
	}
	line := func(cs corev1.ContainerStatus, role string, wantRunning bool) {
		state := "waiting"
		switch {
		case cs.State.Running != nil:
			state = "Running"
		case cs.State.Terminated != nil:
			state = "Terminated " + cs.State.Terminated.Reason
		}
		if (wantRunning && cs.State.Running == nil) || (!wantRunning && (cs.State.Terminated == nil || cs.State.Terminated.ExitCode != 0)) || cs.RestartCount > 0 {
			ok = false
		}
		fmt.Fprintf(w, "        %-18s %-15s %-21s restarts %d\n", cs.Name, role, state, cs.RestartCount)
	}
	for _, cs := range p.Status.InitContainerStatuses {
		if native[cs.Name] {
			line(cs, "native sidecar", true)
		} else {
			line(cs, "init container", false)
		}
	}
	for _, cs := range p.Status.ContainerStatuses {
		line(cs, "container", true)
	}
	return ok
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}
