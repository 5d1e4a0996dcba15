package render

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRenderTable(t *testing.T) {
	tests := []struct {
		name      string
		templates map[string]string
		params    map[string]any
		env       map[string]any
		want      map[string]string
		wantErr   []string // substrings the error must contain; nil means success
	}{{
		name:      "params and env",
		templates: map[string]string{"app.conf": "listen {{ .Params.port }};\nserver_name {{ .Env.POD_NAME }};\n"},
		params:    map[string]any{"port": "8080"},
		env:       map[string]any{"POD_NAME": "web-0"},
		want:      map[string]string{"app.conf": "listen 8080;\nserver_name web-0;\n"},
	}, {
		name:      "missing param names file and key",
		templates: map[string]string{"ok.conf": "fine", "nginx.conf": "a\nlisten {{ .Params.port }};"},
		wantErr:   []string{"rendering nginx.conf", `"port"`},
	}, {
		name:      "missing env names file and key",
		templates: map[string]string{"x.conf": "{{ .Env.NODE_NAME }}"},
		wantErr:   []string{"rendering x.conf", `"NODE_NAME"`},
	}, {
		name:      "unknown field of dot",
		templates: map[string]string{"x.conf": "{{ .Values.port }}"},
		wantErr:   []string{"rendering x.conf", "Values"},
	}, {
		name:      "every failing file is reported",
		templates: map[string]string{"a.conf": "{{ .Params.a }}", "b.conf": "{{ .Params.b }}"},
		wantErr:   []string{"a.conf", `"a"`, "b.conf", `"b"`},
	}, {
		name:      "syntax error names the file",
		templates: map[string]string{"broken.conf": "{{ if }}"},
		wantErr:   []string{"parsing broken.conf"},
	}, {
		name: "sprig functions",
		templates: map[string]string{"f.conf": `{{ .Params.name | upper }} {{ .Params.port | atoi | add 1 }} ` +
			`{{ list "a" "b" | join "," }} {{ .Params.name | b64enc }} {{ .Params.padded | trim }} ` +
			`{{ get .Env "UNSET" | default "fallback" }} {{ dict "k" "v" | toJson }}`},
		params: map[string]any{"name": "web", "port": "8080", "padded": "  x\n"},
		want:   map[string]string{"f.conf": `WEB 8081 a,b d2Vi x fallback {"k":"v"}`},
	}, {
		name:      "default for an absent param (the book's idiom), piped and as argument",
		templates: map[string]string{"f.conf": `{{ .Params.port | default "8080" }} {{ default "x" .Params.host }} {{ $p := .Params }}{{ $p.tls | default "off" }} {{ coalesce .Params.a .Params.b "c" }} {{ .Env.UNSET | default "e" }}`},
		params:    map[string]any{"b": "bee"},
		want:      map[string]string{"f.conf": "8080 x off bee e"},
	}, {
		name:      "default keeps a present param",
		templates: map[string]string{"f.conf": `{{ .Params.port | default "8080" }}`},
		params:    map[string]any{"port": "9090"},
		want:      map[string]string{"f.conf": "9090"},
	}, {
		name:      "default inside if, range, with and define",
		templates: map[string]string{"f.conf": `{{ define "d" }}{{ .Params.x | default "dx" }}{{ end }}{{ if true }}{{ .Params.y | default "iy" }}{{ end }}{{ with .Params }}{{ (.z | default "wz") }}{{ end }} {{ template "d" . }}`},
		params:    map[string]any{"other": "1"},
		want:      map[string]string{"f.conf": "iywz dx"},
	}, {
		name:      "an absent param used bare is still an error",
		templates: map[string]string{"f.conf": `{{ .Params.port | default "8080" }} {{ .Params.port }}`},
		wantErr:   []string{"rendering f.conf", `"port"`},
	}, {
		name:      "an absent param piped into another function first is still an error",
		templates: map[string]string{"f.conf": `{{ .Params.port | upper | default "X" }}`},
		wantErr:   []string{"rendering f.conf", `"port"`},
	}, {
		name:      "required names the message for an absent param",
		templates: map[string]string{"f.conf": `{{ required "port must be set" .Params.port }}`},
		wantErr:   []string{"f.conf", "port must be set"},
	}, {
		name:      "toYaml",
		templates: map[string]string{"f.yaml": "{{ dict \"b\" 2 \"a\" (list 1) | toYaml }}"},
		want:      map[string]string{"f.yaml": "a:\n- 1\nb: 2"},
	}, {
		name:      "required fails on an empty value",
		templates: map[string]string{"f.conf": `{{ required "port must be set" .Params.port }}`},
		params:    map[string]any{"port": ""},
		wantErr:   []string{"f.conf", "port must be set"},
	}, {
		name:      "env function is not offered",
		templates: map[string]string{"f.conf": `{{ env "HOME" }}`},
		wantErr:   []string{"parsing f.conf", `"env" not defined`},
	}, {
		name:      "random functions are not offered",
		templates: map[string]string{"f.conf": `{{ randAlphaNum 8 }}`},
		wantErr:   []string{`"randAlphaNum" not defined`},
	}, {
		name:      "key generation is not offered",
		templates: map[string]string{"f.conf": `{{ genPrivateKey "rsa" }}`},
		wantErr:   []string{`"genPrivateKey" not defined`},
	}, {
		name: "tmpl suffix dropped, partials shared and not written",
		templates: map[string]string{
			"nginx.conf.tmpl": `server { {{ template "listen" . }} }`,
			"_helpers.tmpl":   `{{ define "listen" }}listen {{ .Params.port }};{{ end }}`,
			"conf.d/x.conf":   "x",
		},
		params: map[string]any{"port": "80"},
		want:   map[string]string{"nginx.conf": "server { listen 80; }", "conf.d/x.conf": "x"},
	}, {
		name:      "two templates for one output",
		templates: map[string]string{"a.conf": "1", "a.conf.tmpl": "2"},
		wantErr:   []string{"a.conf and a.conf.tmpl both render to a.conf"},
	}, {
		name:      "no templates",
		templates: map[string]string{},
		wantErr:   []string{ErrNoTemplates.Error()},
	}, {
		name:      "only partials",
		templates: map[string]string{"_helpers.tmpl": `{{ define "x" }}{{ end }}`},
		wantErr:   []string{ErrNoTemplates.Error()},
	}, {
		name:      "runaway output",
		templates: map[string]string{"big.conf": `{{ range until 100000 }}{{ "x" | repeat 100 }}{{ end }}`},
		wantErr:   []string{"big.conf", "larger than"},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := map[string][]byte{}
			for k, v := range tt.templates {
				files[k] = []byte(v)
			}
			data := Data{Params: tt.params, Env: tt.env}
			if data.Params == nil {
				data.Params = map[string]any{}
			}
			if data.Env == nil {
				data.Env = map[string]any{}
			}
			got, err := Render(files, data)
			if tt.wantErr != nil {
				if err == nil {
					t.Fatalf("rendered %q, want an error", got)
				}
				for _, s := range tt.wantErr {
					if !strings.Contains(err.Error(), s) {
						t.Errorf("error %q does not contain %q", err, s)
					}
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tt.want) {
				t.Errorf("rendered %v, want %v", keys(got), keys(tt.want))
			}
			for name, content := range tt.want {
				if string(got[name]) != content {
					t.Errorf("%s = %q, want %q", name, got[name], content)
				}
			}
		})
	}
}

func TestRunFromConfigMapVolumes(t *testing.T) {
	templates := writeConfigMapVolume(t, map[string]string{
		"nginx.conf.tmpl":         "worker_processes {{ .Params.workers | trim }};\n# {{ .Env.POD_NAMESPACE }}/{{ .Env.POD_NAME }}\n",
		"conf.d/default.conf":     "listen {{ .Params.port }};\n",
		"_partials/unused.tmpl":   `{{ define "unused" }}{{ end }}`,
		"conf.d/static-file.conf": "no actions at all\n",
	})
	params := writeConfigMapVolume(t, map[string]string{"workers": "4\n", "port": "8080"})
	out := t.TempDir()
	res, err := Run(Options{
		TemplatesDir: templates, ParamsDir: params, OutputDir: out,
		Environ: []string{"POD_NAME=web-0", "POD_NAMESPACE=shop", "IGNORED"},
	})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"nginx.conf":              "worker_processes 4;\n# shop/web-0\n",
		"conf.d/default.conf":     "listen 8080;\n",
		"conf.d/static-file.conf": "no actions at all\n",
	}
	got := readOutput(t, out)
	if len(got) != len(want) {
		t.Errorf("output %v, want %v (no staging leftovers, no partials)", keys(got), keys(want))
	}
	for name, content := range want {
		if got[name] != content {
			t.Errorf("%s = %q, want %q", name, got[name], content)
		}
	}
	if strings.Join(res.Files, ",") != "conf.d/default.conf,conf.d/static-file.conf,nginx.conf" {
		t.Errorf("Result.Files = %v", res.Files)
	}
	info, err := os.Stat(filepath.Join(out, "nginx.conf"))
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode().Perm() != fileMode {
		t.Errorf("mode %v, want %v (readable by the app's user)", info.Mode().Perm(), fileMode)
	}
}

// TestRunIsAllOrNothing: when one template fails, no file of the set is written and
// what the output directory held before stays exactly as it was.
func TestRunIsAllOrNothing(t *testing.T) {
	templates := writeConfigMapVolume(t, map[string]string{
		"a.conf": "new a {{ .Params.a }}",
		"b.conf": "new b {{ .Params.missing }}",
	})
	params := writeConfigMapVolume(t, map[string]string{"a": "1"})
	out := t.TempDir()
	before := map[string]string{"a.conf": "old a", "keep.txt": "untouched"}
	for name, content := range before {
		if err := os.WriteFile(filepath.Join(out, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	_, err := Run(Options{TemplatesDir: templates, ParamsDir: params, OutputDir: out, Environ: []string{}})
	if err == nil || !strings.Contains(err.Error(), "b.conf") || !strings.Contains(err.Error(), `"missing"`) {
		t.Fatalf("err = %v, want one naming b.conf and the key missing", err)
	}
	got := readOutput(t, out)
	if len(got) != len(before) || got["a.conf"] != "old a" || got["keep.txt"] != "untouched" {
		t.Errorf("output after a failed run = %q, want it unchanged %q", got, before)
	}
}

// TestRunReplacesAndCleansUp: a second run (a restarted init container) replaces the
// files by rename, so a reader holding the old file keeps reading old content, and
// removes the staging directory a crashed run left behind.
func TestRunReplacesAndCleansUp(t *testing.T) {
	templates := writeConfigMapVolume(t, map[string]string{"a.conf": "v={{ .Params.v }}"})
	out := t.TempDir()
	if err := os.WriteFile(filepath.Join(out, "a.conf"), []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	held, err := os.Open(filepath.Join(out, "a.conf"))
	if err != nil {
		t.Fatal(err)
	}
	defer held.Close()
	crashed := filepath.Join(out, stagingPrefix+"123")
	if err := os.MkdirAll(filepath.Join(crashed, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	params := writeConfigMapVolume(t, map[string]string{"v": "2"})
	if _, err := Run(Options{TemplatesDir: templates, ParamsDir: params, OutputDir: out, Environ: []string{}}); err != nil {
		t.Fatal(err)
	}
	if got := readOutput(t, out); len(got) != 1 || got["a.conf"] != "v=2" {
		t.Errorf("output = %q, want only a.conf = v=2", got)
	}
	if _, err := os.Stat(crashed); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("stale staging directory still there (%v)", err)
	}
	old := make([]byte, 8)
	n, _ := held.Read(old)
	if string(old[:n]) != "old" {
		t.Errorf("an open reader saw %q: the file was rewritten in place, not replaced", old[:n])
	}
}

func TestRunErrors(t *testing.T) {
	empty := t.TempDir()
	templates := writeConfigMapVolume(t, map[string]string{"a.conf": "a"})
	tests := []struct {
		name string
		opts Options
		want string
	}{
		{"no templates flag", Options{OutputDir: empty}, "--templates is required"},
		{"no output flag", Options{TemplatesDir: templates}, "--output is required"},
		{"empty templates dir", Options{TemplatesDir: empty, OutputDir: t.TempDir()}, ErrNoTemplates.Error()},
		{"missing templates dir", Options{TemplatesDir: filepath.Join(empty, "nope"), OutputDir: t.TempDir()}, "reading templates"},
		{"missing params dir", Options{TemplatesDir: templates, ParamsDir: filepath.Join(empty, "nope"), OutputDir: t.TempDir()}, "reading params"},
		{"missing output dir", Options{TemplatesDir: templates, OutputDir: filepath.Join(empty, "nope")}, "writing"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.opts.Environ = []string{}
			if _, err := Run(tt.opts); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want one containing %q", err, tt.want)
			}
		})
	}
}

// TestRenderIsDeterministic: the same input renders to the same bytes, so a restarted
// init container writes the same config (map iteration order must not leak).
func TestRenderIsDeterministic(t *testing.T) {
	files := map[string][]byte{"m.conf": []byte(`{{ range $k, $v := .Params }}{{ $k }}={{ $v }};{{ end }}{{ .Params | toJson }}`)}
	data := Data{Params: map[string]any{"c": "3", "a": "1", "b": "2", "d": "4"}, Env: map[string]any{}}
	first, err := Render(files, data)
	if err != nil {
		t.Fatal(err)
	}
	for range 20 {
		again, err := Render(files, data)
		if err != nil {
			t.Fatal(err)
		}
		if string(again["m.conf"]) != string(first["m.conf"]) {
			t.Fatalf("render differs: %q vs %q", again["m.conf"], first["m.conf"])
		}
	}
}

func TestEnvMap(t *testing.T) {
	got := envMap([]string{"A=1", "B=x=y", "A=2", "NOEQUALS", "=v", "E="})
	want := map[string]any{"A": "2", "B": "x=y", "E": ""}
	if len(got) != len(want) {
		t.Errorf("envMap = %v, want %v", got, want)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %v, want %v", k, got[k], v)
		}
	}
}
