package jsonenc

import "reflect"

// walkStruct walks the members of v, a struct written by its plan p, registers v when
// structs of its type can be found (keyedStruct), and returns the memory below its
// members (only members: nothing else of v is written).
func (b *sharedBuilder) walkStruct(v reflect.Value, p *plan) (below []span, ok bool) {
	fields := make([]sharedField, len(p.fields))
	ok = true
	for i := range p.fields {
		fields[i].spans, fields[i].ok = b.walk(v.FieldByIndex(p.fields[i].index))
		below, ok = append(below, fields[i].spans...), ok && fields[i].ok
	}
	if v.CanInterface() && p.keyed {
		b.registerStruct(v, p, fields, ok)
	}
	return below, ok
}

// registerStruct writes v's JSON, whole and per member, as the encoder would.
func (b *sharedBuilder) registerStruct(v reflect.Value, p *plan, fields []sharedField, whole bool) {
	if !v.CanAddr() { // a map value: precompute from a copy of its bytes
		c := reflect.New(v.Type()).Elem()
		c.Set(v)
		v = c
	}
	base := v.Addr().UnsafePointer()
	if *(*uintptr)(base) == 0 {
		return
	}
	c := &sharedStruct{plan: p, own: span{base, v.Type().Size()}, fields: fields}
	var err error
	if c.json, err = appendByKind(nil, v, viaStruct, p, nil); err != nil {
		return
	}
	if !whole {
		c.json = nil // the memory below some member cannot be checked: members only
	}
	for i := range p.fields {
		f := &p.fields[i]
		fv := v.FieldByIndex(f.index)
		if f.omitEmpty && isEmpty(fv) {
			continue
		}
		if fields[i].member, err = appendPlanned([]byte(f.key), fv, f.plan, nil); err != nil {
			fields[i].ok = false
		}
	}
	k := structKey{word: *(*uintptr)(base), plan: p}
	b.structs[k] = append(b.structs[k], c)
}

// snapshotStructs records the bytes of every registered struct and of the memory below
// its members, keeping one struct of identical bytes per key.
func (b *sharedBuilder) snapshotStructs(take func(span) block) {
	for k, cands := range b.structs {
		var kept []*sharedStruct
		for _, c := range cands {
			c.was = take(c.own).was
			if dup(kept, c) {
				continue
			}
			for i := range c.fields {
				f := &c.fields[i]
				f.blocks = make([]block, len(f.spans))
				for j, sp := range f.spans {
					f.blocks[j] = take(sp)
				}
				if c.json != nil {
					c.blocks = append(c.blocks, f.blocks...)
				}
				f.spans = nil
			}
			kept = append(kept, c)
		}
		b.s.structs[k.word] = append(b.s.structs[k.word], kept...)
	}
}

// dup reports whether kept has a struct of c's bytes (the same template reached twice).
func dup(kept []*sharedStruct, c *sharedStruct) bool {
	for _, k := range kept {
		if string(k.was) == string(c.was) {
			return true
		}
	}
	return false
}
