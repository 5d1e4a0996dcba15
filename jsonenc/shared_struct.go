package jsonenc

import (
	"bytes"
	"reflect"
	"unsafe"
)

// A struct is written by value (an injected container is a copy of its template, an
// env var appended to an app container a copy of the config's), so it has no address
// of its own to look up. Shared finds a precomputed struct by its first word instead
// (the data pointer of its name, for the objects injected: the config's string) and
// compares the value's memory with the struct's as precomputed: all of it identical,
// and everything below unchanged, copies the whole object; else each member whose
// memory (and what it points to) is unchanged is copied and the others are encoded —
// a helper whose restart policy or resources the chain set keeps the rest of its
// template's JSON.

// structKey finds the candidates for a struct: its first word (a pointer of the
// struct's own: only types whose first field is a string, pointer or slice are kept)
// and its plan.
type structKey struct {
	word uintptr
	plan *plan
}

// sharedStruct is a precomputed struct: its bytes, its JSON and, per member of its
// plan, the member's JSON and the memory below it.
type sharedStruct struct {
	plan   *plan
	own    span   // where its bytes were read (the config's, or a private copy)
	was    []byte // its bytes
	json   []byte
	blocks []block // below every member
	fields []sharedField
}

type sharedField struct {
	member []byte // `"key":value`; nil when the member is left out (empty)
	ok     bool   // its memory can be checked (no map, interface... below it)
	spans  []span
	blocks []block
}

// structOf returns the precomputed JSON of the struct at base (of plan p) when it is
// one Shared holds, all of it; else a candidate whose members may be, or nil.
func (s *Shared) structOf(base unsafe.Pointer, p *plan) ([]byte, *sharedStruct) {
	var first *sharedStruct
	for _, c := range s.structs[*(*uintptr)(base)] {
		if c.plan != p {
			continue
		}
		if c.json != nil && bytes.Equal(unsafe.Slice((*byte)(base), len(c.was)), c.was) && unchanged(c.blocks) {
			return c.json, nil
		}
		if first == nil {
			first = c
		}
	}
	return nil, first
}

// member returns member i's precomputed JSON (nil: left out) when its memory in the
// struct at base, and below it, is as in c.
func (c *sharedStruct) member(base unsafe.Pointer, f *fieldPlan, i int) (json []byte, ok bool) {
	cf := &c.fields[i]
	if !cf.ok || !bytes.Equal(unsafe.Slice((*byte)(unsafe.Add(base, f.offset)), f.size), c.was[f.offset:f.offset+f.size]) || !unchanged(cf.blocks) {
		return nil, false
	}
	return cf.member, true
}

func unchanged(blocks []block) bool {
	for i := range blocks {
		if !blocks[i].unchanged() {
			return false
		}
	}
	return true
}

// keyedStruct reports whether t's first word is a pointer of its own (a string, a
// pointer or a slice first), so structs of t can be found by it.
func keyedStruct(t reflect.Type) bool {
	if t.NumField() == 0 || t.Size() < unsafe.Sizeof(uintptr(0)) {
		return false
	}
	switch t.Field(0).Type.Kind() {
	case reflect.String, reflect.Pointer, reflect.Slice:
		return true
	}
	return false
}
