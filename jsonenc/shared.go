package jsonenc

import (
	"bytes"
	"reflect"
	"unsafe"
)

// Shared is the JSON of values that many of the values written share by reference:
// the injected objects of one config revision (template args, env, mounts, security
// contexts, volume sources), which every pod they go into shares copy-on-write. It is
// written once (Precompute, when the config is compiled) and copied wherever the value
// written is one of them, instead of being encoded again for every pod.
//
// A value is "one of them" when it is a pointer or a slice whose address (and length)
// is one Precompute registered, or a struct whose bytes are a registered struct's
// (shared_struct.go: found by its first word, copied whole or member by member), and
// every byte of memory its JSON was written from — the pointee, the slice's elements
// or the struct's members, and below them everything they point to, except string
// bytes, which Go never changes — is still as it was then. Anything else (a
// per-pod object, a shared one a mutator gave a new value, a shared one written in
// place against the copy-on-write rule) is encoded as AppendValue would: the check
// makes a wrong copy impossible rather than merely forbidden. A Shared is read-only
// once built: safe for concurrent use.
type Shared struct {
	values  map[unsafe.Pointer][]*sharedValue // by address
	structs map[uintptr][]*sharedStruct       // by first word (shared_struct.go)
}

// sharedKey is the identity of a shared pointer or slice: its address, its length (-1
// for a pointer) and its type's plan. (Shared looks values up by address alone, a
// one-word key, then compares length and plan.)
type sharedKey struct {
	p    unsafe.Pointer
	n    int
	plan *plan
}

// sharedValue is a shared value's JSON and the memory it was written from.
type sharedValue struct {
	n      int
	plan   *plan
	json   []byte
	blocks []block
}

// block is a span of memory (a pointee, a slice's elements) and its bytes when the JSON
// was written.
type block struct {
	p   unsafe.Pointer
	was []byte
}

// unchanged reports whether the block's memory still holds the bytes it held.
func (b *block) unchanged() bool {
	return bytes.Equal(unsafe.Slice((*byte)(b.p), len(b.was)), b.was)
}

// AppendValue is AppendValue, copying the values s precomputed. A nil s copies nothing.
func (s *Shared) AppendValue(dst []byte, v reflect.Value) ([]byte, error) {
	return appendPlanned(dst, v, planOf(v.Type()), s)
}

// Covers reports whether v, a pointer, a slice or an addressable struct, would be
// written from s's precomputed JSON, all of it.
func (s *Shared) Covers(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Struct:
		if p := planOf(v.Type()); p.keyed && v.CanAddr() && s != nil {
			json, _ := s.structOf(v.Addr().UnsafePointer(), p)
			return json != nil
		}
	case reflect.Pointer, reflect.Slice:
		if v.IsNil() {
			return false
		}
		_, ok := s.lookup(v, planOf(v.Type()))
		return ok
	}
	return false
}

// Len is the number of keys (addresses, structs' first words) s finds values by; 0
// when nothing was precomputed.
func (s *Shared) Len() int {
	if s == nil {
		return 0
	}
	return len(s.values) + len(s.structs)
}

// lookup returns the precomputed JSON of v (a non-nil pointer or slice of plan p), if v
// is a registered value whose memory is unchanged.
func (s *Shared) lookup(v reflect.Value, p *plan) ([]byte, bool) {
	if s == nil || len(s.values) == 0 {
		return nil, false
	}
	n := -1
	if v.Kind() == reflect.Slice {
		n = v.Len()
	}
	for _, sv := range s.values[v.UnsafePointer()] {
		if sv.n == n && sv.plan == p {
			return sv.json, unchanged(sv.blocks)
		}
	}
	return nil, false
}
