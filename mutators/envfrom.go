package mutators

import (
	"fmt"
	"strings"

	corev1 "k8s.io/api/core/v1"
)

// envFromWarning is the warning for a container that takes variables from envFrom and
// gets injected ones: admission cannot read the ConfigMaps and Secrets envFrom names, and
// an explicit env var wins over one of the same name from envFrom, so the injected value
// may silently replace the user's.
const envFromWarning = "podpatterns: container %q takes variables from envFrom, which admission cannot read: " +
	"the %s variables %s now set explicitly override any of the same name there"

// warnEnvFrom records envFromWarning when c uses envFrom and added is not empty; source
// names what injected the variables (e.g. `ambassador "redis"`).
func warnEnvFrom(r *Report, c *corev1.Container, source string, added []string) {
	if len(c.EnvFrom) == 0 || len(added) == 0 {
		return
	}
	r.Warnings = append(r.Warnings, fmt.Sprintf(envFromWarning, c.Name, source, strings.Join(added, ", ")))
}

// addEnv appends the vars of env that c does not define (by name) and returns the names
// it added. A var c gets only through envFrom is not seen and is overridden (env wins
// over envFrom): callers warn with warnEnvFrom.
func addEnv(c *corev1.Container, env []corev1.EnvVar) []string {
	var added []string
	for _, e := range env {
		if !definesEnv(c, e.Name) {
			c.Env = append(c.Env, *e.DeepCopy())
			added = append(added, e.Name)
		}
	}
	return added
}

func definesEnv(c *corev1.Container, name string) bool {
	for _, have := range c.Env {
		if have.Name == name {
			return true
		}
	}
	return false
}

// copyEnv is a deep copy of env (the pod must not share a shared template's storage).
func copyEnv(env []corev1.EnvVar) []corev1.EnvVar {
	out := make([]corev1.EnvVar, len(env))
	for i := range env {
		env[i].DeepCopyInto(&out[i])
	}
	return out
}
