package mutators

import (
	"fmt"
	"reflect"
	"strings"

	corev1 "k8s.io/api/core/v1"
)

// envShadowWarning: container, the names it sets itself, how many the template has,
// pattern, template. The user's values win (they are never overridden), so the app may
// reach the helper for some of its settings and something else for the others: say so.
const envShadowWarning = "podpatterns: container %q sets %s itself, which %s %q also sets (%d vars): " +
	"the container's own values are kept, so it is wired to the helper only for the rest"

// shadowedEnv returns the names of env that c defines with another value (an entry equal
// to the template's, as a reinvocation finds it, shadows nothing).
func shadowedEnv(c *corev1.Container, env []corev1.EnvVar) []string {
	var names []string
	for i := range env {
		for j := range c.Env {
			if have := &c.Env[j]; have.Name == env[i].Name && !reflect.DeepEqual(*have, env[i]) {
				names = append(names, have.Name)
			}
		}
	}
	return names
}

// warnShadowedEnv records envShadowWarning for c when it shadows part of t's appEnv.
func warnShadowedEnv(r *Report, c *corev1.Container, t *SidecarTemplate, pattern Pattern, name string) {
	if names := shadowedEnv(c, t.AppEnv); len(names) > 0 {
		r.Warnings = append(r.Warnings, fmt.Sprintf(envShadowWarning, c.Name, strings.Join(names, ", "), pattern, name, len(t.AppEnv)))
	}
}
