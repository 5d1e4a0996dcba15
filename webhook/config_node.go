package webhook

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

var (
	configType      = reflect.TypeFor[Config]()
	unmarshalerType = reflect.TypeFor[json.Unmarshaler]()
)

// nodeEncoder walks a YAML node tree alongside the Go type it decodes into and writes
// the equivalent JSON. The walk is what makes decoding strict with line numbers: an
// unknown or duplicate key, or a scalar of the wrong type, is reported with its line and
// field path; and it records the line of every field so validation errors get lines too.
type nodeEncoder struct {
	buf      bytes.Buffer
	problems []ConfigProblem
	lines    map[string]int
}

func newNodeEncoder() *nodeEncoder { return &nodeEncoder{lines: map[string]int{}} }

func (e *nodeEncoder) fail(n *yaml.Node, p *field.Path, format string, args ...any) {
	e.problems = append(e.problems, ConfigProblem{Line: n.Line, Path: p.String(), Message: fmt.Sprintf(format, args...)})
	e.buf.WriteString("null")
}

func (e *nodeEncoder) encode(n *yaml.Node, t reflect.Type, p *field.Path) {
	for n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		e.buf.WriteString("null")
		return
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if reflect.PointerTo(t).Implements(unmarshalerType) || t.Kind() == reflect.Interface {
		e.encodeUntyped(n, p) // Quantity, IntOrString...: the type decides what it accepts
		return
	}
	switch t.Kind() {
	case reflect.Struct:
		e.encodeStruct(n, t, p)
	case reflect.Map:
		e.encodeMap(n, t, p)
	case reflect.Slice, reflect.Array:
		if t.Elem().Kind() == reflect.Uint8 { // []byte is base64 text in JSON
			e.encodeScalar(n, reflect.TypeFor[string](), p)
			return
		}
		e.encodeSlice(n, t, p)
	default:
		e.encodeScalar(n, t, p)
	}
}

func (e *nodeEncoder) encodeStruct(n *yaml.Node, t reflect.Type, p *field.Path) {
	if n.Kind != yaml.MappingNode {
		e.fail(n, p, "expected a mapping, found %s", describe(n))
		return
	}
	fields := jsonFields(t)
	e.buf.WriteByte('{')
	seen := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		key, val := n.Content[i], n.Content[i+1]
		fp := p.Child(key.Value)
		if line, dup := seen[key.Value]; dup {
			e.fail(key, fp, "duplicate key (first at line %d)", line)
			continue
		}
		seen[key.Value] = key.Line
		ft, ok := fields[key.Value]
		if !ok {
			e.problems = append(e.problems, ConfigProblem{Line: key.Line, Path: fp.String(), Message: "unknown field"})
			continue
		}
		e.lines[fp.String()] = key.Line
		if len(seen) > 1 {
			e.buf.WriteByte(',')
		}
		writeJSONString(&e.buf, key.Value)
		e.buf.WriteByte(':')
		e.encode(val, ft, fp)
	}
	e.buf.WriteByte('}')
}

func (e *nodeEncoder) encodeMap(n *yaml.Node, t reflect.Type, p *field.Path) {
	if n.Kind != yaml.MappingNode {
		e.fail(n, p, "expected a mapping, found %s", describe(n))
		return
	}
	e.buf.WriteByte('{')
	seen := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		key, val := n.Content[i], n.Content[i+1]
		kp := p.Key(key.Value)
		if line, dup := seen[key.Value]; dup {
			e.fail(key, kp, "duplicate key (first at line %d)", line)
			continue
		}
		seen[key.Value] = key.Line
		e.lines[kp.String()] = key.Line
		if len(seen) > 1 {
			e.buf.WriteByte(',')
		}
		writeJSONString(&e.buf, key.Value)
		e.buf.WriteByte(':')
		e.encode(val, t.Elem(), kp)
	}
	e.buf.WriteByte('}')
}

func (e *nodeEncoder) encodeSlice(n *yaml.Node, t reflect.Type, p *field.Path) {
	if n.Kind != yaml.SequenceNode {
		e.fail(n, p, "expected a list, found %s", describe(n))
		return
	}
	e.buf.WriteByte('[')
	for i, item := range n.Content {
		if i > 0 {
			e.buf.WriteByte(',')
		}
		ip := p.Index(i)
		e.lines[ip.String()] = item.Line
		e.encode(item, t.Elem(), ip)
	}
	e.buf.WriteByte(']')
}

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
