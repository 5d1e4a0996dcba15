package render

import (
	"fmt"
	"testing"
)

// BenchmarkRender measures parsing and executing a realistic set (an nginx config with a
// partial and sprig pipelines, plus 20 small files) in memory, and a full Run that also
// reads ConfigMap volumes and writes the set atomically.
func BenchmarkRender(b *testing.B) {
	files := map[string]string{
		"nginx.conf.tmpl": `worker_processes {{ .Params.workers | trim }};
events { worker_connections {{ .Params.connections | default "1024" }}; }
http {
  {{- range $i, $u := splitList "," .Params.upstreams }}
  upstream u{{ $i }} { server {{ $u | trim }}; }
  {{- end }}
  server { {{ template "listen" . }} server_name {{ .Env.POD_NAME }}.{{ .Env.POD_NAMESPACE }}; }
}
`,
		"_helpers.tmpl": `{{ define "listen" }}listen {{ .Params.port | atoi }};{{ end }}`,
	}
	for i := range 20 {
		files[fmt.Sprintf("conf.d/site-%02d.conf", i)] = fmt.Sprintf("# site %d\nroot /srv/{{ .Params.workers | trim }}/%d;\n", i, i)
	}
	params := map[string]string{"workers": "4\n", "connections": "2048", "upstreams": "a:80, b:80, c:80", "port": "8080"}
	env := []string{"POD_NAME=web-0", "POD_NAMESPACE=shop"}

	raw := map[string][]byte{}
	for k, v := range files {
		raw[k] = []byte(v)
	}
	data := Data{Params: map[string]any{}, Env: envMap(env)}
	for k, v := range params {
		data.Params[k] = v
	}
	b.Run("in-memory", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := Render(raw, data); err != nil {
				b.Fatal(err)
			}
		}
	})
	templatesDir := writeConfigMapVolume(b, files)
	paramsDir := writeConfigMapVolume(b, params)
	out := b.TempDir()
	b.Run("run-with-files", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := Run(Options{TemplatesDir: templatesDir, ParamsDir: paramsDir, OutputDir: out, Environ: env}); err != nil {
				b.Fatal(err)
			}
		}
	})
}
