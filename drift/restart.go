package drift

import "fmt"

// RestartCommand is what a user runs to get a drifted workload's pods re-injected with
// the current config. Deployments, StatefulSets and DaemonSets roll out again with
// `kubectl rollout restart`; the others are said in a comment: a CronJob's next Job
// gets the current config by itself, a Job or a bare pod has to be recreated, a
// ReplicaSet without a Deployment (or another controller's kind) by its owner.
func RestartCommand(w Workload) string {
	switch w.Kind {
	case "Deployment", "StatefulSet", "DaemonSet":
		return fmt.Sprintf("kubectl rollout restart %s/%s -n %s", lower(w.Kind), w.Name, w.Namespace)
	case "CronJob":
		return fmt.Sprintf("# %s: its next Job is injected with the current config; nothing to restart", w)
	case "Pod":
		return fmt.Sprintf("# %s: a bare pod; recreate it to re-inject it (kubectl delete pod %s -n %s, then create it again)", w, w.Name, w.Namespace)
	}
	return fmt.Sprintf("# %s: kubectl rollout cannot restart a %s; recreate its pods through its owner", w, w.Kind)
}

func lower(kind string) string {
	switch kind {
	case "Deployment":
		return "deployment"
	case "StatefulSet":
		return "statefulset"
	}
	return "daemonset"
}
