package podresources

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"

	"k8s.io/apimachinery/pkg/api/resource"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/validation/field"
)

var (
	quantityType = reflect.TypeFor[resource.Quantity]()
	rawExtType   = reflect.TypeFor[runtime.RawExtension]()
)

// CheckQuantitiesJSON checks, with CheckQuantityText, every quantity that decoding raw
// into a value of type t would parse: strings and numbers at the positions of t's
// resource.Quantity fields (duplicate keys included: a decoder parses each). An
// embedded object (runtime.RawExtension) is checked as each of objects. It reads
// tokens only, so nothing is parsed as a quantity; JSON it cannot read is an error too
// (a decoder would refuse it, possibly after parsing a quantity). Callers run it when
// MayHoldUnboundedQuantity says so.
func CheckQuantitiesJSON(raw []byte, t reflect.Type, objects ...reflect.Type) error {
	w := &quantityWalker{dec: json.NewDecoder(bytes.NewReader(raw)), objects: objects}
	w.dec.UseNumber()
	return w.value(t, nil)
}

type quantityWalker struct {
	dec     *json.Decoder
	objects []reflect.Type
}

func (w *quantityWalker) value(t reflect.Type, p *field.Path) error {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch {
	case t == quantityType:
		return w.quantity(p)
	case t == rawExtType && len(w.objects) > 0:
		return w.embedded(p)
	case t.Kind() == reflect.Struct || t.Kind() == reflect.Map || t.Kind() == reflect.Slice || t.Kind() == reflect.Array:
		return w.composite(t, p)
	}
	return w.skip()
}

func (w *quantityWalker) quantity(p *field.Path) error {
	tok, err := w.dec.Token()
	if err != nil {
		return err
	}
	var text string
	switch v := tok.(type) {
	case string:
		text = v
	case json.Number:
		text = string(v)
	case json.Delim:
		return w.skipRest(v)
	}
	if err := CheckQuantityText(text); err != nil {
		return fmt.Errorf("%s: %w", p, err)
	}
	return nil
}

// embedded checks an embedded object as each of w.objects.
func (w *quantityWalker) embedded(p *field.Path) error {
	var raw json.RawMessage
	if err := w.dec.Decode(&raw); err != nil {
		return err
	}
	for _, t := range w.objects {
		inner := &quantityWalker{dec: json.NewDecoder(bytes.NewReader(raw))}
		inner.dec.UseNumber()
		if err := inner.value(t, nil); err != nil {
			return fmt.Errorf("%s.%w", p, err)
		}
	}
	return nil
}

func (w *quantityWalker) composite(t reflect.Type, p *field.Path) error {
	tok, err := w.dec.Token()
	if err != nil {
		return err
	}
	d, ok := tok.(json.Delim)
	switch {
	case !ok:
		return nil // a scalar (or null) where a decoder wants an object or a list: no quantity
	case d == '[' && (t.Kind() == reflect.Slice || t.Kind() == reflect.Array):
		for i := 0; w.dec.More(); i++ {
			if err := w.value(t.Elem(), p.Index(i)); err != nil {
				return err
			}
		}
	case d == '{' && (t.Kind() == reflect.Struct || t.Kind() == reflect.Map):
		for w.dec.More() {
			if err := w.member(t, p); err != nil {
				return err
			}
		}
	default:
		return w.skipRest(d)
	}
	_, err = w.dec.Token() // the closing delimiter
	return err
}

func (w *quantityWalker) member(t reflect.Type, p *field.Path) error {
	tok, err := w.dec.Token()
	if err != nil {
		return err
	}
	key, _ := tok.(string)
	if t.Kind() == reflect.Map {
		return w.value(t.Elem(), p.Key(key))
	}
	if ft, ok := fieldType(t, key); ok {
		return w.value(ft, p.Child(key))
	}
	return w.skip()
}

// fieldType finds key's field in t as encoding/json does (exact name first, then
// case-insensitively), through embedded structs.
func fieldType(t reflect.Type, key string) (reflect.Type, bool) {
	var folded reflect.Type
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" || !f.IsExported() && !f.Anonymous {
			continue
		}
		if f.Anonymous && name == "" && f.Type.Kind() == reflect.Struct {
			if ft, ok := fieldType(f.Type, key); ok {
				return ft, true
			}
			continue
		}
		if name == "" {
			name = f.Name
		}
		if name == key {
			return f.Type, true
		}
		if folded == nil && strings.EqualFold(name, key) {
			folded = f.Type
		}
	}
	return folded, folded != nil
}

// skip reads one value whole.
func (w *quantityWalker) skip() error {
	tok, err := w.dec.Token()
	if err != nil {
		return err
	}
	if d, ok := tok.(json.Delim); ok {
		return w.skipRest(d)
	}
	return nil
}

// skipRest reads the rest of the object or list d opened.
func (w *quantityWalker) skipRest(d json.Delim) error {
	for depth := 1; depth > 0; {
		tok, err := w.dec.Token()
		if err != nil {
			return err
		}
		switch tok {
		case json.Delim('{'), json.Delim('['):
			depth++
		case json.Delim('}'), json.Delim(']'):
			depth--
		}
	}
	return nil
}
