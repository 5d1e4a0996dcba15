package jsonenc

import (
	"encoding"
	"encoding/json"
	"reflect"
	"strings"

	"k8s.io/apimachinery/pkg/api/resource"
	"k8s.io/apimachinery/pkg/util/intstr"
)

// how is the way AppendValue writes a type.
type how uint8

const (
	viaJSON        how = iota // json.Marshal of the value: a shape AppendValue does not write itself
	viaAddrJSON               // json.Marshal of its address when addressable (a pointer-receiver marshaler), else by kind
	viaQuantity               // resource.Quantity: its canonical string
	viaIntOrString            // intstr.IntOrString: the int or the string
	viaBool
	viaInt
	viaUint
	viaString
	viaPointer
	viaSlice
	viaArray
	viaStringMap // map[string]string
	viaResources // map[ResourceName]Quantity and other string-keyed maps of Quantity
	viaStruct
)

// plan is how one type is written; for a struct, its fields as encoding/json lists them;
// for a pointer, slice or array, its element's plan (so writing a value looks up no plan
// below the top).
type plan struct {
	how    how
	byKind how // viaAddrJSON: how the type is written when not addressable
	fields []fieldPlan
	elem   *plan
	keyed  bool // a struct Shared can find by its first word (keyedStruct)
}

// fieldPlan is one JSON member of a struct: where it is, its key, whether an empty
// value is left out, and its type's plan.
type fieldPlan struct {
	index     []int
	key       string // `"name":`
	omitEmpty bool
	plan      *plan
	offset    uintptr   // from the start of the struct (embedded structs are inline)
	size      uintptr   // of the member's type
	empty     emptyTest // how emptiness shows in memory
}

var (
	marshalerType = reflect.TypeFor[json.Marshaler]()
	textType      = reflect.TypeFor[encoding.TextMarshaler]()
	quantityType  = reflect.TypeFor[resource.Quantity]()
	intStrType    = reflect.TypeFor[intstr.IntOrString]()
)

// buildPlan decides, in encoding/json's order of precedence, how t is written.
func buildPlan(t reflect.Type) plan {
	switch {
	case t == quantityType:
		return plan{how: viaQuantity}
	case t == intStrType:
		return plan{how: viaIntOrString}
	case t.Kind() == reflect.Pointer: // nil is null; else the element decides, addressable
		return plan{how: viaPointer, elem: planLocked(t.Elem())}
	case t.Implements(marshalerType), t.Implements(textType):
		return plan{how: viaJSON}
	case t.Kind() != reflect.Pointer && reflect.PointerTo(t).Implements(marshalerType):
		bk := byKind(t)
		return plan{how: viaAddrJSON, byKind: bk.how, fields: bk.fields, elem: bk.elem}
	case t.Kind() != reflect.Pointer && reflect.PointerTo(t).Implements(textType):
		return plan{how: viaJSON} // appendJSON keeps the address, so encoding/json decides as it would
	}
	return byKind(t)
}

// byKind is the plan of a type without marshal methods of its own.
func byKind(t reflect.Type) plan {
	switch t.Kind() {
	case reflect.Bool:
		return plan{how: viaBool}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return plan{how: viaInt}
	case reflect.Uint, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return plan{how: viaUint}
	case reflect.String:
		return plan{how: viaString}
	case reflect.Pointer:
		return plan{how: viaPointer, elem: planLocked(t.Elem())}
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Uint8 { // base64, or a byte marshaler: leave it to encoding/json
			return plan{how: viaJSON}
		}
		return plan{how: viaSlice, elem: planLocked(t.Elem())}
	case reflect.Array:
		return plan{how: viaArray, elem: planLocked(t.Elem())}
	case reflect.Map:
		return mapPlan(t)
	case reflect.Struct:
		return structPlan(t)
	}
	return plan{how: viaJSON} // floats, interfaces, uint8, uintptr, complex, chan, func
}

func mapPlan(t reflect.Type) plan {
	if t.Key().Kind() != reflect.String || planLocked(t.Key()).how != viaString {
		return plan{how: viaJSON} // integer or text-marshalled keys
	}
	switch {
	case t.Elem() == quantityType:
		return plan{how: viaResources}
	case t.Elem().Kind() == reflect.String && planLocked(t.Elem()).how == viaString:
		return plan{how: viaStringMap}
	}
	return plan{how: viaJSON}
}

// validKey is the subset of the names encoding/json accepts in a tag that AppendValue
// writes itself (every Kubernetes API field name).
func validKey(name string) bool {
	return name != "" && strings.Trim(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.$") == ""
}
