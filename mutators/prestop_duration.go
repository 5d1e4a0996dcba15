package mutators

import (
	"path"
	"strconv"
	"strings"

	corev1 "k8s.io/api/core/v1"
)

// PreStopSeconds is how long c's preStop hook is known to take: the seconds of a sleep
// action, or of an exec hook that is a recognisable `sleep N` (the command itself, or the
// first command of a `sh -c` script). Any other hook (httpGet, a drain script) counts as
// 0: its duration cannot be read from the spec.
func PreStopSeconds(c *corev1.Container) int64 {
	if c.Lifecycle == nil || c.Lifecycle.PreStop == nil {
		return 0
	}
	h := c.Lifecycle.PreStop
	switch {
	case h.Sleep != nil:
		return max(h.Sleep.Seconds, 0)
	case h.Exec != nil:
		return execSleepSeconds(h.Exec.Command)
	}
	return 0
}

// execSleepSeconds reads `sleep N`, `/bin/sleep N` and `sh -c "sleep N[; more]"`.
func execSleepSeconds(cmd []string) int64 {
	if len(cmd) == 2 && path.Base(cmd[0]) == "sleep" {
		return sleepArg(cmd[1])
	}
	if len(cmd) == 3 && isShell(cmd[0]) && cmd[1] == "-c" {
		fields := strings.FieldsFunc(cmd[2], func(r rune) bool { return r == ' ' || r == ';' || r == '&' || r == '\n' || r == '\t' })
		if len(fields) >= 2 && path.Base(fields[0]) == "sleep" {
			return sleepArg(fields[1])
		}
	}
	return 0
}

// isShell reports whether name is a POSIX shell that takes -c.
func isShell(name string) bool {
	switch path.Base(name) {
	case "sh", "bash", "ash", "dash", "zsh":
		return true
	}
	return false
}

// sleepArg parses a whole number of seconds with an optional "s" suffix; anything else
// (fractions, minutes, junk) is 0.
func sleepArg(s string) int64 {
	n, err := strconv.ParseInt(strings.TrimSuffix(s, "s"), 10, 32)
	if err != nil || n < 0 {
		return 0
	}
	return n
}
