package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/podpatterns/podpatterns/mutators"
	"github.com/podpatterns/podpatterns/test/nodestack"
)

// printSelfAwareness shows what the app's process knows of itself through the injected
// Downward API env and volume, and whether it is the pod's real identity.
func printSelfAwareness(w io.Writer, ev *runtimeEvidence, check func(bool, string, ...any)) {
	want := map[string]string{
		"POD_NAME": ev.Pod.Name, "POD_NAMESPACE": ev.Pod.Namespace,
		"POD_IP": ev.Pod.Status.PodIP, "NODE_NAME": ev.Pod.Spec.NodeName,
	}
	ok := strings.Contains(ev.PodInfo["annotations"], mutators.AnnotationDownwardAPI)
	var env []string
	for _, k := range []string{"POD_NAME", "POD_NAMESPACE", "POD_IP", "NODE_NAME"} {
		env = append(env, k+"="+ev.SelfEnv[k])
		ok = ok && ev.SelfEnv[k] == want[k]
	}
	check(ok, "the app's process knows itself through the Downward API: env %s, and in %s:", strings.Join(env, " "), nodestack.PodInfoMountPath)
	for _, f := range podInfoFiles {
		for _, line := range strings.Split(strings.TrimSuffix(ev.PodInfo[f], "\n"), "\n") {
			fmt.Fprintf(w, "        | %-11s %s\n", f, line)
		}
	}
	for k, v := range want {
		if ev.SelfEnv[k] != v {
			fmt.Fprintf(w, "      PROBLEM  env %s=%q, the pod's is %q\n", k, ev.SelfEnv[k], v)
		}
	}
}
