package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRenderCommand(t *testing.T) {
	templates, params, out := t.TempDir(), t.TempDir(), t.TempDir()
	write := func(dir, name, content string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(templates, "app.conf.tmpl", "port={{ .Params.port }} pod={{ .Env.POD_NAME }}")
	write(params, "port", "8080")
	t.Setenv("POD_NAME", "web-0")

	run := func(args ...string) (string, error) {
		root := newRootCommand()
		var stdout, stderr bytes.Buffer
		root.SetOut(&stdout)
		root.SetErr(&stderr)
		root.SetArgs(append([]string{"render"}, args...))
		err := root.Execute()
		return stdout.String(), err
	}
	stdout, err := run("--templates", templates, "--params", params, "--output", out)
	if err != nil {
		t.Fatal(err)
	}
	if stdout != "rendered app.conf\n" {
		t.Errorf("stdout = %q", stdout)
	}
	if data, _ := os.ReadFile(filepath.Join(out, "app.conf")); string(data) != "port=8080 pod=web-0" {
		t.Errorf("app.conf = %q", data)
	}

	write(templates, "broken.conf", "{{ .Params.missing }}")
	if _, err := run("--templates", templates, "--params", params, "--output", out); err == nil ||
		!strings.Contains(err.Error(), "broken.conf") || !strings.Contains(err.Error(), `"missing"`) {
		t.Errorf("err = %v, want one naming broken.conf and the key", err)
	}
	if _, err := run("--templates", templates, "extra"); err == nil {
		t.Error("a positional argument was accepted")
	}
}
