package jsonenc

import (
	"bytes"
	"reflect"
	"unsafe"
)

// Precompute writes the JSON of every pointer and slice reachable from roots (through
// pointers, slices, arrays, struct fields and map values) whose memory can be checked
// later: one that reaches a map, an interface, a func, a channel or an unsafe pointer
// is left out (what lies below it is still taken). Structs found by their first word
// (shared_struct.go) are kept whole and member by member, a member reaching a map
// (resource lists) left out. roots are read, never changed; if they change afterwards,
// Shared notices and encodes them afresh. Empty slices and zero-size values are left
// out: their addresses are not theirs.
func Precompute(roots ...any) *Shared {
	b := &sharedBuilder{
		s:        &Shared{values: make(map[unsafe.Pointer][]*sharedValue), structs: make(map[uintptr][]*sharedStruct)},
		values:   make(map[sharedKey]*sharedValue),
		spans:    make(map[sharedKey][]span),
		structs:  make(map[structKey][]*sharedStruct),
		visiting: make(map[unsafe.Pointer]bool),
	}
	for _, r := range roots {
		b.walk(reflect.ValueOf(r))
	}
	b.snapshot()
	return b.s
}

// span is a piece of memory a value's JSON was written from.
type span struct {
	p unsafe.Pointer
	n uintptr
}

type sharedBuilder struct {
	s        *Shared
	values   map[sharedKey]*sharedValue
	spans    map[sharedKey][]span // per registered value, the memory its JSON depends on
	structs  map[structKey][]*sharedStruct
	visiting map[unsafe.Pointer]bool
}

// walk registers the pointers and slices under v and returns the memory v's JSON
// depends on outside v's own storage; ok is false when some of it cannot be checked.
func (b *sharedBuilder) walk(v reflect.Value) (below []span, ok bool) {
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			return nil, true
		}
		p := v.UnsafePointer()
		if b.visiting[p] {
			return nil, false // a cycle (API objects have none): leave it to the encoder
		}
		b.visiting[p] = true
		defer delete(b.visiting, p)
		below, ok = b.walk(v.Elem())
		return b.node(v, span{p, v.Type().Elem().Size()}, below, ok)
	case reflect.Slice:
		if v.Len() == 0 {
			return nil, true
		}
		below, ok = b.walkElems(v)
		return b.node(v, span{v.UnsafePointer(), uintptr(v.Len()) * v.Type().Elem().Size()}, below, ok)
	case reflect.Array:
		return b.walkElems(v)
	case reflect.Struct:
		if p := planOf(v.Type()); p.how == viaStruct {
			return b.walkStruct(v, p)
		}
		ok = true
		for i := range v.NumField() {
			s, fieldOK := b.walk(v.Field(i))
			below, ok = append(below, s...), ok && fieldOK
		}
		return below, ok
	case reflect.Map:
		for it := v.MapRange(); it.Next(); {
			b.walk(it.Value())
		}
		return nil, false
	case reflect.Interface:
		if v.IsNil() {
			return nil, true
		}
		b.walk(v.Elem())
		return nil, false
	case reflect.Func, reflect.Chan, reflect.UnsafePointer:
		return nil, false
	}
	return nil, true // booleans, numbers, strings: in their parent's memory (string bytes never change)
}

func (b *sharedBuilder) walkElems(v reflect.Value) (below []span, ok bool) {
	ok = true
	for i := range v.Len() {
		s, elemOK := b.walk(v.Index(i))
		below, ok = append(below, s...), ok && elemOK
	}
	return below, ok
}

// node registers v (a pointer or a slice whose own memory is own) when everything its
// JSON depends on can be checked, and returns that memory to v's parent.
func (b *sharedBuilder) node(v reflect.Value, own span, below []span, ok bool) ([]span, bool) {
	spans := append([]span{own}, below...)
	if ok && own.n > 0 {
		b.register(v, spans)
	}
	return spans, ok
}

// register writes v's JSON as the encoder would where v occurs.
func (b *sharedBuilder) register(v reflect.Value, spans []span) {
	if !v.CanInterface() {
		return // reached through an unexported field: the encoder never writes it
	}
	p := planOf(v.Type())
	if p.how != viaPointer && p.how != viaSlice {
		return // written by a marshaler: the encoder never asks Shared for it
	}
	k := sharedKey{p: v.UnsafePointer(), n: -1, plan: p}
	if v.Kind() == reflect.Slice {
		k.n = v.Len()
	}
	if b.values[k] != nil {
		return
	}
	json, err := appendByKind(nil, v, p.how, p, nil)
	if err != nil {
		return
	}
	sv := &sharedValue{n: k.n, plan: p, json: json}
	b.values[k] = sv
	b.s.values[k.p] = append(b.s.values[k.p], sv)
	b.spans[k] = spans
}

// snapshot records the memory of every registered value, once every JSON is written
// (a marshaler may have filled a cache, such as a Quantity's string, on the way).
func (b *sharedBuilder) snapshot() {
	taken := make(map[span][]byte)
	take := func(sp span) block {
		was, ok := taken[sp]
		if !ok {
			was = bytes.Clone(unsafe.Slice((*byte)(sp.p), sp.n))
			taken[sp] = was
		}
		return block{p: sp.p, was: was}
	}
	for k, spans := range b.spans {
		blocks := make([]block, len(spans))
		for i, sp := range spans {
			blocks[i] = take(sp)
		}
		b.values[k].blocks = blocks
	}
	b.snapshotStructs(take)
}
