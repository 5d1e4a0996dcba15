package mutators

import (
	"strconv"
	"strings"
	"testing"
)

func TestParsePreStop(t *testing.T) {
	cfg := PreStopConfig{SleepSeconds: 5, MaxSleepSeconds: 60}
	tests := []struct {
		value   string
		seconds int64
		on      bool
		msg     string // substring of the refusal; "" means accepted
	}{
		{"true", 5, true, ""},
		{"false", 0, false, ""},
		{"1", 1, true, ""},
		{"20", 20, true, ""},
		{"60", 60, true, ""},
		{"61", 0, false, "at most 60 seconds"},
		{"999999", 0, false, "at most 60 seconds"},
		{"1000000", 0, false, "whole number of seconds from 1 to 60"},
		{"0", 0, false, `use "false"`},
		{"00", 0, false, "whole number"},
		{"05", 0, false, "whole number"},
		{"+5", 0, false, "whole number"},
		{"-5", 0, false, "whole number"},
		{" 5", 0, false, "whole number"},
		{"5s", 0, false, "whole number"},
		{"5.0", 0, false, "whole number"},
		{"1e1", 0, false, "whole number"},
		{"0x10", 0, false, "whole number"},
		{"True", 0, false, "whole number"},
		{"yes", 0, false, "whole number"},
		{"", 0, false, "whole number"},
		{"٣", 0, false, "whole number"}, // a non-ASCII digit
	}
	for _, tt := range tests {
		t.Run(strconv.Quote(tt.value), func(t *testing.T) {
			seconds, on, msg := parsePreStop(tt.value, cfg)
			if tt.msg != "" {
				if !strings.Contains(msg, tt.msg) {
					t.Errorf("msg = %q, want it to contain %q", msg, tt.msg)
				}
				return
			}
			if msg != "" || seconds != tt.seconds || on != tt.on {
				t.Errorf("= (%d, %v, %q), want (%d, %v, accepted)", seconds, on, msg, tt.seconds, tt.on)
			}
		})
	}
}

// FuzzParsePreStop: every value is either refused with a message, turned off, or
// accepted as exactly the canonical decimal it spells, within 1..max.
func FuzzParsePreStop(f *testing.F) {
	cfg := PreStopConfig{SleepSeconds: 5, MaxSleepSeconds: 60}
	for _, seed := range []string{"true", "false", "5", "60", "61", "0", "-1", "+1", "07", "9999999999999999999", "5s"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, value string) {
		seconds, on, msg := parsePreStop(value, cfg)
		switch {
		case msg != "":
			if on || seconds != 0 {
				t.Fatalf("%q refused (%s) but on=%v seconds=%d", value, msg, on, seconds)
			}
		case !on:
			if value != "false" {
				t.Fatalf("%q turned the hook off; only \"false\" may", value)
			}
		case value == "true":
			if seconds != cfg.SleepSeconds {
				t.Fatalf("true gave %d s, want the configured %d", seconds, cfg.SleepSeconds)
			}
		default:
			if seconds < 1 || seconds > cfg.MaxSleepSeconds || strconv.FormatInt(seconds, 10) != value {
				t.Fatalf("%q accepted as %d s", value, seconds)
			}
		}
	})
}

func TestSwitchAnnotationLayers(t *testing.T) {
	tests := []struct {
		name          string
		pod, ns       string // "" means unset
		byDefault     bool
		on, turnedOff bool
		denied        bool
	}{
		{name: "nothing set, default off"},
		{name: "nothing set, default on", byDefault: true, on: true},
		{name: "pod true", pod: "true", on: true},
		{name: "pod false over config default", pod: "false", byDefault: true, turnedOff: true},
		{name: "pod false, nothing below", pod: "false"},
		{name: "pod false over namespace true", pod: "false", ns: "true", turnedOff: true},
		{name: "pod false over namespace false, config on", pod: "false", ns: "false", byDefault: true},
		{name: "namespace false over config default", ns: "false", byDefault: true, turnedOff: true},
		{name: "pod true over namespace false", pod: "true", ns: "false", on: true},
		{name: "junk on the pod", pod: "on", denied: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := requestWith(AnnotationDownwardAPI, tt.pod, tt.ns)
			s, ok := switchAnnotation(req, AnnotationDownwardAPI, tt.byDefault)
			if ok == tt.denied || (len(req.Report.Denials) > 0) != tt.denied {
				t.Fatalf("ok=%v denials=%v, want denied=%v", ok, req.Report.Denials, tt.denied)
			}
			if !tt.denied && (s.on != tt.on || s.turnedOff != tt.turnedOff) {
				t.Errorf("= %+v, want on=%v turnedOff=%v", s, tt.on, tt.turnedOff)
			}
		})
	}
}
