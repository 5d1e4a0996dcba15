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

// addEnv appends the vars of env that c (from container or initContainer) does not
// define (by name), growing its env once for everything the chain plans to add, and
// returns how many it added and, when c takes variables from envFrom (the one case a
// warning names them), their names. A var c gets only through envFrom is not seen and is overridden (env wins
// over envFrom): callers warn with warnEnvFrom. The vars are shallow copies: their
// ValueFrom is the config's (or podInfoVars'), shared by every pod and never changed
// (TestChainLeavesSharedObjectsAlone).
func (r *Request) addEnv(c *corev1.Container, env []corev1.EnvVar) (int, []string) {
	var names []string
	n := 0
	for _, e := range env {
		if definesEnv(c, e.Name) {
			continue
		}
		if n == 0 {
			c.Env = grown(c.Env, len(env), r.grow.env)
		}
		c.Env = append(c.Env, e)
		n++
		if len(c.EnvFrom) > 0 {
			names = append(names, e.Name)
		}
	}
	return n, names
}

func definesEnv(c *corev1.Container, name string) bool {
	for _, have := range c.Env {
		if have.Name == name {
			return true
		}
	}
	return false
}
