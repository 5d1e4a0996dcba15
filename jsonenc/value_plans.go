package jsonenc

import (
	"maps"
	"reflect"
	"sync"
	"sync/atomic"
)

// The plans are built once per type and read on every value written: readers load an
// immutable map through an atomic pointer (no sync.Map, no lock); a type not yet in it
// is built under plansMu into a copy of the map, published whole when its plan and those
// of every type it reaches are complete, so no reader sees a plan still being filled.
var (
	plans    atomic.Pointer[map[reflect.Type]*plan]
	plansMu  sync.Mutex
	building map[reflect.Type]*plan // the copy being filled; plansMu held
)

// planOf returns t's plan, built once per type.
func planOf(t reflect.Type) *plan {
	if m := plans.Load(); m != nil {
		if p, ok := (*m)[t]; ok {
			return p
		}
	}
	plansMu.Lock()
	defer plansMu.Unlock()
	if m := plans.Load(); m != nil {
		building = maps.Clone(*m)
	} else {
		building = make(map[reflect.Type]*plan)
	}
	p := planLocked(t)
	published := building
	plans.Store(&published)
	building = nil
	return p
}

// planLocked returns t's plan from the map being built, building it if needed (plansMu
// held). A recursive type finds its own (still filling) plan instead of looping.
func planLocked(t reflect.Type) *plan {
	if p, ok := building[t]; ok {
		return p
	}
	p := &plan{}
	building[t] = p
	*p = buildPlan(t)
	return p
}
