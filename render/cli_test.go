package render

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCommand(t *testing.T) {
	templates := writeConfigMapVolume(t, map[string]string{"a.conf": "port={{ .Params.port }}"})
	params := writeConfigMapVolume(t, map[string]string{"port": "80"})
	out := t.TempDir()
	var stdout, stderr bytes.Buffer
	err := Command([]string{"--templates", templates, "--params", params, "--output", out}, &stdout, &stderr)
	if err != nil {
		t.Fatalf("%v (stderr %s)", err, stderr.String())
	}
	if stdout.String() != "rendered a.conf\n" {
		t.Errorf("stdout = %q", stdout.String())
	}
	if data, _ := os.ReadFile(filepath.Join(out, "a.conf")); string(data) != "port=80" {
		t.Errorf("a.conf = %q", data)
	}
}

func TestCommandErrors(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if err := Command([]string{"-h"}, &stdout, &stderr); !errors.Is(err, flag.ErrHelp) {
		t.Errorf("-h: err = %v, want flag.ErrHelp", err)
	}
	if !strings.Contains(stderr.String(), "--templates") && !strings.Contains(stderr.String(), "-templates") {
		t.Errorf("usage does not list the flags: %s", stderr.String())
	}
	if err := Command([]string{"extra"}, &stdout, &stderr); err == nil {
		t.Error("a positional argument was accepted")
	}
	// The defaults point at the init container's mounts, which do not exist here.
	if err := Command(nil, &stdout, &stderr); err == nil || !strings.Contains(err.Error(), DefaultTemplatesDir) {
		t.Errorf("err = %v, want one naming %s", err, DefaultTemplatesDir)
	}
}
