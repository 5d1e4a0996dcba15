package chartrender_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"

	"github.com/podpatterns/podpatterns/config"
	"github.com/podpatterns/podpatterns/test/chartrender"
	"github.com/podpatterns/podpatterns/validators"
)

// TestSchemaRejectsTypos: values that `helm install` must refuse before touching the
// cluster.
func TestSchemaRejectsTypos(t *testing.T) {
	tests := []struct {
		name   string
		values map[string]any
		// field is what the schema error must mention.
		field string
	}{
		{"top-level typo", map[string]any{"replicaCont": 3}, "replicaCont"},
		{"nested typo", map[string]any{"webhooks": map[string]any{"failurPolicy": "Ignore"}}, "failurPolicy"},
		{"unknown failurePolicy", map[string]any{"webhooks": map[string]any{"failurePolicy": "Maybe"}}, "failurePolicy"},
		{"timeout beyond the apiserver's 30s", map[string]any{"webhooks": map[string]any{"timeoutSeconds": 60}}, "timeoutSeconds"},
		// The server may wait 2 s for a new namespace and 1 s for a new PriorityClass in
		// its caches and answers within the apiserver's timeout minus a fifth: below 4 s
		// those waits would become apiserver timeouts.
		{"timeout below the server's internal waits", map[string]any{"webhooks": map[string]any{"timeoutSeconds": 3}}, "timeoutSeconds"},
		{"apiServerCIDRs not a CIDR", map[string]any{"networkPolicy": map[string]any{"apiServerCIDRs": []any{"apiserver"}}}, "apiServerCIDRs"},
		{"config section typo", map[string]any{"config": map[string]any{"downwardApi": map[string]any{}}}, "downwardApi"},
		{"config field typo", map[string]any{"config": map[string]any{"lifecycle": map[string]any{"preStop": map[string]any{"sleepSecond": 3}}}}, "sleepSecond"},
		{"template key typo", map[string]any{"config": map[string]any{"sidecars": map[string]any{
			"log-shipper": map[string]any{"contianer": map[string]any{"image": "x"}}}}}, "contianer"},
		{"template without image", map[string]any{"config": map[string]any{"sidecars": map[string]any{
			"log-shipper": map[string]any{"container": map[string]any{"name": "x"}}}}}, "image"},
		{"template name not a DNS label", map[string]any{"config": map[string]any{"sidecars": map[string]any{
			"Log_Shipper": map[string]any{"container": map[string]any{"image": "x"}}}}}, "Log_Shipper"},
		{"template os not linux or windows", map[string]any{"config": map[string]any{"sidecars": map[string]any{
			"log-shipper": map[string]any{"os": []any{"freebsd"}, "container": map[string]any{"image": "x"}}}}}, "os"},
		{"profile not an object", map[string]any{"config": map[string]any{"profiles": map[string]any{"standard": "enforce"}}}, "standard"},
		{"bad duration", map[string]any{"certManager": map[string]any{"serving": map[string]any{"duration": "90 days"}}}, "duration"},
		{"wrong type", map[string]any{"certManager": map[string]any{"enabled": "no"}}, "enabled"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := chartrender.Render(chartrender.Options{Values: tt.values})
			if err == nil {
				t.Fatal("rendered without error")
			}
			if msg := err.Error(); !strings.Contains(msg, "schema") || !strings.Contains(msg, tt.field) {
				t.Errorf("error does not blame %q in the schema: %v", tt.field, err)
			}
		})
	}
}

// TestRenderedConfigLoads: the ConfigMap of every value set is a config the server
// accepts (strict decoding, defaults, validation).
func TestRenderedConfigLoads(t *testing.T) {
	forEachSet(t, func(t *testing.T, v valueSet, m *chartrender.Manifests) {
		var cm corev1.ConfigMap
		decode(t, m, "ConfigMap", v.fullname+"-config", &cm)
		cfg, err := config.Parse("config.yaml", []byte(cm.Data["config.yaml"]))
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range []string{"guaranteed", "burstable", "standard"} {
			if _, ok := cfg.Profiles[p]; !ok {
				t.Errorf("profile %s missing", p)
			}
		}
		if v.name != "examples" {
			return
		}
		for _, name := range []string{"log-shipper", "prometheus-exporter", "redis"} {
			if _, ok := cfg.Sidecars[name]; !ok {
				t.Errorf("template %s missing", name)
			}
		}
		if _, ok := cfg.ConfigTemplates["nginx"]; !ok {
			t.Error("config template nginx missing")
		}
	})
}

// TestSchemaMatchesConfigTypes keeps values.schema.json's `config` in step with the Go
// config types: every field the server reads is allowed, nothing else is, and scalar types
// agree. Kubernetes types (containers, volumes) and profiles stay free-form.
func TestSchemaMatchesConfigTypes(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(chartrender.ChartDir(), "values.schema.json"))
	if err != nil {
		t.Fatal(err)
	}
	var schema map[string]any
	if err := json.Unmarshal(data, &schema); err != nil {
		t.Fatal(err)
	}
	s := schemaWalker{t: t, root: schema}
	cfg := s.node(schema, "properties", "config")
	s.checkStruct("config", reflect.TypeFor[config.Config](), cfg)

	profile := s.resolve(s.node(cfg, "properties", "profiles", "additionalProperties"))
	if profile["type"] != "object" || profile["properties"] != nil || profile["additionalProperties"] != nil {
		t.Errorf("profiles must stay free-form objects while the Profile type grows: %v", profile)
	}
}

// schemaWalker compares a JSON schema with Go types.
type schemaWalker struct {
	t    *testing.T
	root map[string]any
}

func (s schemaWalker) node(n map[string]any, path ...string) map[string]any {
	for _, p := range path {
		next, ok := n[p].(map[string]any)
		if !ok {
			s.t.Fatalf("schema has no %s", strings.Join(path, "."))
		}
		n = next
	}
	return s.resolve(n)
}

func (s schemaWalker) resolve(n map[string]any) map[string]any {
	if ref, ok := n["$ref"].(string); ok {
		return s.node(s.root, strings.Split(strings.TrimPrefix(ref, "#/"), "/")...)
	}
	return n
}

var profileType = reflect.TypeFor[validators.Profile]()

func (s schemaWalker) checkStruct(path string, typ reflect.Type, n map[string]any) {
	fields := jsonFields(typ)
	props, _ := n["properties"].(map[string]any)
	if n["additionalProperties"] != false {
		s.t.Errorf("%s: schema allows unknown keys", path)
	}
	for name := range props {
		if _, ok := fields[name]; !ok {
			s.t.Errorf("%s.%s: in the schema but not in %s", path, name, typ)
		}
	}
	for name, ft := range fields {
		child, ok := props[name].(map[string]any)
		if !ok {
			s.t.Errorf("%s.%s: in %s but not in the schema", path, name, typ)
			continue
		}
		s.checkField(path+"."+name, ft, s.resolve(child))
	}
}

func (s schemaWalker) checkField(path string, ft reflect.Type, n map[string]any) {
	for ft.Kind() == reflect.Pointer {
		ft = ft.Elem()
	}
	if strings.HasPrefix(ft.PkgPath(), "k8s.io/") {
		return // a Kubernetes type: free-form here, the server decodes it strictly
	}
	switch ft.Kind() {
	case reflect.Struct:
		s.checkStruct(path, ft, n)
	case reflect.Map:
		elem := ft.Elem()
		if elem == profileType {
			return
		}
		if addl, ok := n["additionalProperties"].(map[string]any); ok && elem.Kind() == reflect.Struct {
			s.checkStruct(path+".*", elem, s.resolve(addl))
		} else {
			s.t.Errorf("%s: a map of %s needs additionalProperties in the schema", path, elem)
		}
	case reflect.Slice:
		s.wantType(path, n, "array")
	case reflect.Bool:
		s.wantType(path, n, "boolean")
	case reflect.String:
		s.wantType(path, n, "string")
	case reflect.Int, reflect.Int32, reflect.Int64:
		s.wantType(path, n, "integer")
	default:
		s.t.Errorf("%s: no schema rule for Go kind %s", path, ft.Kind())
	}
}

func (s schemaWalker) wantType(path string, n map[string]any, want string) {
	if n["type"] != want {
		s.t.Errorf("%s: schema type %v, Go wants %s", path, n["type"], want)
	}
}

// jsonFields maps a struct's JSON keys to field types, flattening inline members.
func jsonFields(typ reflect.Type) map[string]reflect.Type {
	out := map[string]reflect.Type{}
	for i := range typ.NumField() {
		f := typ.Field(i)
		name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" {
			continue
		}
		if name == "" && (f.Anonymous || slices.Contains(strings.Split(opts, ","), "inline")) {
			for k, v := range jsonFields(f.Type) {
				out[k] = v
			}
			continue
		}
		if name == "" {
			name = f.Name
		}
		out[name] = f.Type
	}
	return out
}
