package mutators

import (
	"fmt"
	"slices"
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

// addEnv adds the vars of env that c (from container or initContainer) does not define
// (by name) before the user's own entries, after those this request added before, and
// returns how many it added and, when c takes variables from envFrom (the one case a
// warning names them), their names. Before the user's entries, because the kubelet
// expands $(VAR) in a value only from the entries above it: the user's $(REDIS_HOST) or
// $(POD_NAME) then resolves to the injected value. A var c gets only through envFrom is
// not seen and is overridden (env wins over envFrom): callers warn with warnEnvFrom. The
// vars are shallow copies: their ValueFrom is the config's (or podInfoVars'), shared by
// every pod and never changed (TestChainLeavesSharedObjectsAlone).
func (r *Request) addEnv(c *corev1.Container, env []corev1.EnvVar) (int, []string) {
	return r.insertEnv(c, env, r.envFront(c.Name))
}

// addEnvFirst is addEnv before every other entry, injected ones included: the pod info
// vars, which an injected var may reference too.
func (r *Request) addEnvFirst(c *corev1.Container, env []corev1.EnvVar) (int, []string) {
	return r.insertEnv(c, env, 0)
}

// insertEnv inserts the vars of env c does not define at index at of c.Env, growing it
// once for everything the chain plans to add.
func (r *Request) insertEnv(c *corev1.Container, env []corev1.EnvVar, at int) (int, []string) {
	var names []string
	n := 0
	for _, e := range env {
		if definesEnv(c, e.Name) {
			continue
		}
		if n == 0 {
			c.Env = grown(c.Env, len(env), r.grow.env)
		}
		c.Env = slices.Insert(c.Env, at+n, e)
		n++
		if len(c.EnvFrom) > 0 {
			names = append(names, e.Name)
		}
	}
	if n > 0 {
		r.countEnv(c.Name, n)
	}
	return n, names
}

// envFront is how many vars this request put before the user's entries of the
// container named name.
func (r *Request) envFront(name string) int {
	for _, f := range r.injectedEnv {
		if f.container == name {
			return f.n
		}
	}
	return 0
}

// countEnv records n more injected vars at the front of the container named name.
func (r *Request) countEnv(name string, n int) {
	for i := range r.injectedEnv {
		if r.injectedEnv[i].container == name {
			r.injectedEnv[i].n += n
			return
		}
	}
	r.injectedEnv = append(r.injectedEnv, envFront{container: name, n: n})
}

// envFront counts the vars a request injected at the front of one container's env.
type envFront struct {
	container string
	n         int
}

func definesEnv(c *corev1.Container, name string) bool {
	for _, have := range c.Env {
		if have.Name == name {
			return true
		}
	}
	return false
}
