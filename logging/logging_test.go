package logging

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"
)

func TestJSONLine(t *testing.T) {
	var out bytes.Buffer
	log, err := New(Options{Level: "info", Format: "json", Out: &out})
	if err != nil {
		t.Fatal(err)
	}
	log.Error(errors.New("boom"), "config rejected", "path", "/etc/podpatterns/config.yaml")
	log.V(1).Info("debug only")
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 1 {
		t.Fatalf("want one line (V(1) off at info), got:\n%s", out.String())
	}
	var rec map[string]any
	if err := json.Unmarshal([]byte(lines[0]), &rec); err != nil {
		t.Fatal(err)
	}
	if _, err := time.Parse(time.RFC3339Nano, rec["ts"].(string)); err != nil {
		t.Errorf("ts %v is not RFC 3339: %v", rec["ts"], err)
	}
	if rec["level"] != "error" || rec["msg"] != "config rejected" || rec["error"] != "boom" {
		t.Errorf("record %v", rec)
	}
	if _, ok := rec["stacktrace"]; ok {
		t.Error("a stack trace on a non-panic error")
	}
}

func TestTextAndLevels(t *testing.T) {
	var out bytes.Buffer
	log, err := New(Options{Level: "debug", Format: "text", Out: &out})
	if err != nil {
		t.Fatal(err)
	}
	log.V(1).Info("debug line", "k", "v")
	if s := out.String(); !strings.Contains(s, "debug\tdebug line") || strings.HasPrefix(s, "{") {
		t.Errorf("text line %q", s)
	}
	out.Reset()
	warn, _ := New(Options{Level: "warn", Format: "json", Out: &out})
	warn.Info("decision")
	warn.Error(errors.New("x"), "failure")
	if s := out.String(); strings.Contains(s, "decision") || !strings.Contains(s, "failure") {
		t.Errorf("warn level: %q", s)
	}
	for _, bad := range []Options{{Level: "verbose", Format: "json"}, {Level: "info", Format: "xml"}} {
		if _, err := New(bad); err == nil {
			t.Errorf("%+v accepted", bad)
		}
	}
}
