package config

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
	"k8s.io/apimachinery/pkg/util/validation/field"
)

// encodeScalar writes a scalar for a Go string, bool or number, refusing YAML values
// of another type (a quoted "true" for a bool, a mapping for a string...).
func (e *nodeEncoder) encodeScalar(n *yaml.Node, t reflect.Type, p *field.Path) {
	if n.Kind != yaml.ScalarNode {
		e.fail(n, p, "expected a %s, found %s", t.Kind(), describe(n))
		return
	}
	switch t.Kind() {
	case reflect.String:
		writeJSONString(&e.buf, n.Value) // `version: 1.20` is the string "1.20"
	case reflect.Bool:
		var b bool
		if n.Tag != "!!bool" || n.Decode(&b) != nil {
			e.fail(n, p, "expected true or false, found %q", n.Value)
			return
		}
		e.buf.WriteString(strconv.FormatBool(b))
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		var i int64
		if n.Tag != "!!int" || n.Decode(&i) != nil {
			e.fail(n, p, "expected an integer, found %q", n.Value)
			return
		}
		e.buf.WriteString(strconv.FormatInt(i, 10))
	case reflect.Float32, reflect.Float64:
		var f float64
		if (n.Tag != "!!int" && n.Tag != "!!float") || n.Decode(&f) != nil {
			e.fail(n, p, "expected a number, found %q", n.Value)
			return
		}
		e.buf.WriteString(strconv.FormatFloat(f, 'g', -1, 64))
	default:
		e.fail(n, p, "unsupported type %s", t)
	}
}

// encodeUntyped writes a node whose Go type decodes any JSON (custom unmarshalers,
// interface{}): scalars keep their YAML type.
func (e *nodeEncoder) encodeUntyped(n *yaml.Node, p *field.Path) {
	switch n.Kind {
	case yaml.MappingNode:
		e.encodeMap(n, reflect.TypeFor[map[string]any](), p)
	case yaml.SequenceNode:
		e.encodeSlice(n, reflect.TypeFor[[]any](), p)
	case yaml.ScalarNode:
		switch n.Tag {
		case "!!int":
			e.encodeScalar(n, reflect.TypeFor[int64](), p)
		case "!!float":
			e.encodeScalar(n, reflect.TypeFor[float64](), p)
		case "!!bool":
			e.encodeScalar(n, reflect.TypeFor[bool](), p)
		default:
			writeJSONString(&e.buf, n.Value)
		}
	default:
		e.fail(n, p, "unsupported YAML node %s", describe(n))
	}
}

// jsonFields maps the JSON names of t's fields to their types, descending into
// embedded (inline) structs the way encoding/json does.
func jsonFields(t reflect.Type) map[string]reflect.Type {
	out := map[string]reflect.Type{}
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		name, _, _ := strings.Cut(tag, ",")
		if name == "-" || (!f.IsExported() && !f.Anonymous) {
			continue
		}
		if name == "" && f.Anonymous && f.Type.Kind() == reflect.Struct {
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

func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	default:
		return fmt.Sprintf("%q", n.Value)
	}
}

func writeJSONString(b *bytes.Buffer, s string) {
	out, _ := json.Marshal(s) // marshaling a string cannot fail
	b.Write(out)
}
