package mutators

import (
	"fmt"
	"strconv"

	"k8s.io/apimachinery/pkg/util/validation/field"
)

// maxPreStopDigits bounds the digits of a seconds value before it is parsed, so absurd
// input is refused as junk rather than overflowing.
const maxPreStopDigits = 6

// preStopSetting reads the effective podpatterns.io/prestop value: "true" (the configured
// sleep), "false", or a whole number of seconds from 1 to maxSleepSeconds. Anything else,
// including a number above the cap, denies the pod (ok false): a hook shorter than asked
// would drop traffic the user expected to be drained, so the value is never clamped.
func preStopSetting(req *Request, cfg PreStopConfig) (seconds int64, s switchSetting, ok bool) {
	value, found := req.Annotation(AnnotationPreStop)
	if !found {
		return cfg.SleepSeconds, switchSetting{on: cfg.ByDefault}, true
	}
	seconds, on, msg := parsePreStop(value, cfg)
	if msg != "" {
		refuseValue(req, PatternPreStop, AnnotationPreStop, field.Invalid(annotationSourcePath(req, AnnotationPreStop), clip(value), msg))
		return 0, switchSetting{}, false
	}
	below := cfg.ByDefault
	if v, inherited := inheritedValue(req, AnnotationPreStop); inherited {
		_, below, _ = parsePreStop(v, cfg) // an invalid namespace value counts as off
	}
	return seconds, switchSetting{on: on, explicit: true, turnedOff: !on && below}, true
}

// parsePreStop parses one value; msg says why it is refused.
func parsePreStop(value string, cfg PreStopConfig) (seconds int64, on bool, msg string) {
	switch value {
	case "true":
		return cfg.SleepSeconds, true, ""
	case "false":
		return 0, false, ""
	}
	wrong := fmt.Sprintf(`must be "true", "false" or a whole number of seconds from 1 to %d`, cfg.MaxSleepSeconds)
	if !isPlainNumber(value) {
		return 0, false, wrong
	}
	n, err := strconv.ParseInt(value, 10, 64)
	switch {
	case err != nil:
		return 0, false, wrong
	case n == 0:
		return 0, false, `0 seconds is no preStop sleep: use "false" to turn the hook off`
	case n > cfg.MaxSleepSeconds:
		return 0, false, fmt.Sprintf("at most %d seconds are allowed (lifecycle.preStop.maxSleepSeconds in the podpatterns config)",
			cfg.MaxSleepSeconds)
	}
	return n, true, ""
}

// isPlainNumber accepts decimal digits without sign, spaces or leading zeros ("0" alone
// is a number), up to maxPreStopDigits of them.
func isPlainNumber(s string) bool {
	if s == "" || len(s) > maxPreStopDigits || (len(s) > 1 && s[0] == '0') {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
