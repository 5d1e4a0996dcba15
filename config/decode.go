package config

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"

	"go.yaml.in/yaml/v3"
	"k8s.io/apimachinery/pkg/api/resource"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/podpatterns/podpatterns/podresources"
)

var (
	configType      = reflect.TypeFor[Config]()
	unmarshalerType = reflect.TypeFor[json.Unmarshaler]()
	quantityType    = reflect.TypeFor[resource.Quantity]()
)

// nodeEncoder walks a YAML node tree alongside the Go type it decodes into and writes
// the equivalent JSON. The walk is what makes decoding strict with line numbers: an
// unknown or duplicate key, or a scalar of the wrong type, is reported with its line and
// field path; and it records the line of every field so validation errors get lines too.
type nodeEncoder struct {
	buf      bytes.Buffer
	problems []Problem
	lines    map[string]int
	// inAlias counts the aliases being expanded; aliasNodes the nodes written through
	// them (bounded by MaxAliasNodes).
	inAlias, aliasNodes int
}

func newNodeEncoder() *nodeEncoder { return &nodeEncoder{lines: map[string]int{}} }

func (e *nodeEncoder) fail(n *yaml.Node, p *field.Path, format string, args ...any) {
	e.problems = append(e.problems, Problem{Line: n.Line, Path: p.String(), Message: fmt.Sprintf(format, args...)})
	e.buf.WriteString("null")
}

func (e *nodeEncoder) encode(n *yaml.Node, t reflect.Type, p *field.Path) {
	if e.aliasNodes > MaxAliasNodes {
		e.buf.WriteString("null") // the walk stops here: refused already
		return
	}
	if n.Kind == yaml.AliasNode {
		e.expandAlias(n, t, p)
		return
	}
	if e.inAlias > 0 {
		e.aliasNodes++
	}
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		e.buf.WriteString("null")
		return
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == quantityType && n.Kind == yaml.ScalarNode {
		if err := podresources.CheckQuantityText(n.Value); err != nil { // before ParseQuantity sees it
			e.fail(n, p, "%v", err)
			return
		}
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
			e.problems = append(e.problems, Problem{Line: key.Line, Path: fp.String(), Message: "unknown field"})
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
