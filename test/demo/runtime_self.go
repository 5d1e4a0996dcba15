package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/podpatterns/podpatterns/mutators"
	"github.com/podpatterns/podpatterns/test/nodestack"
)

// selfEnv are the Downward API variables the report shows, in order.
var selfEnv = []string{"POD_NAME", "POD_NAMESPACE", "POD_IP", "NODE_NAME"}

// printSelfAwareness shows what the app's process knows of itself through the injected
// Downward API env and volume, and whether it is the pod's real identity.
func printSelfAwareness(w io.Writer, ev *runtimeEvidence, check func(bool, string, ...any)) {
	want := map[string]string{
		"POD_NAME": ev.Pod.Name, "POD_NAMESPACE": ev.Pod.Namespace,
		"POD_IP": ev.Pod.Status.PodIP, "NODE_NAME": ev.Pod.Spec.NodeName,
	}
	var env, wrong []string
	for _, k := range selfEnv {
		env = append(env, k+"="+ev.SelfEnv[k])
		if ev.SelfEnv[k] != want[k] {
			wrong = append(wrong, fmt.Sprintf("env %s=%q, the pod's is %q", k, ev.SelfEnv[k], want[k]))
		}
	}
	lines := strings.Split(strings.TrimSuffix(ev.Annotations, "\n"), "\n")
	ours := ""
	for _, l := range lines {
		if strings.HasPrefix(l, mutators.AnnotationDownwardAPI+"=") {
			ours = l
		}
	}
	if ours == "" {
		wrong = append(wrong, fmt.Sprintf("%s/annotations lacks %s", nodestack.PodInfoMountPath, mutators.AnnotationDownwardAPI))
	}
	check(len(wrong) == 0, "the app's process knows itself through the Downward API: env %s; %s/annotations holds the pod's %d annotations, among them:",
		strings.Join(env, " "), nodestack.PodInfoMountPath, len(lines))
	fmt.Fprintf(w, "        | %s\n", ours)
	for _, p := range wrong {
		fmt.Fprintf(w, "      PROBLEM  %s\n", p)
	}
}
