package jsonenc

import (
	"reflect"
	"strings"
)

// structPlan lists t's JSON members as encoding/json does: exported fields by their tag
// name (or Go name), untagged embedded structs inlined in place, "-" left out. A struct
// whose members need encoding/json's conflict rules, ",string", omitzero or an embedded
// pointer is written by encoding/json.
func structPlan(t reflect.Type) plan {
	var fields []fieldPlan
	if !appendFields(&fields, t, nil, 0) {
		return plan{how: viaJSON}
	}
	seen := make(map[string]bool, len(fields))
	for _, f := range fields {
		if seen[f.key] {
			return plan{how: viaJSON} // a name at two depths: encoding/json's dominance rules decide
		}
		seen[f.key] = true
	}
	return plan{how: viaStruct, fields: fields, keyed: keyedStruct(t)}
}

// appendFields appends t's members under the index prefix (t at offset in the outer
// struct); false for a shape structPlan leaves to encoding/json.
func appendFields(fields *[]fieldPlan, t reflect.Type, prefix []int, offset uintptr) bool {
	for i := range t.NumField() {
		f := t.Field(i)
		tag, tagged := f.Tag.Lookup("json")
		name, opts, _ := strings.Cut(tag, ",")
		if tag == "-" {
			continue
		}
		index := append(append([]int(nil), prefix...), i)
		if f.Anonymous && !f.IsExported() && name != "" {
			return false // encoding/json writes this one under its tag name
		}
		if f.Anonymous && name == "" {
			if f.Type.Kind() != reflect.Struct {
				return false // embedded pointer or non-struct: encoding/json's rules
			}
			if !appendFields(fields, f.Type, index, offset+f.Offset) {
				return false
			}
			continue
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		if !validKey(name) || (tagged && !knownOptions(opts)) {
			return false
		}
		*fields = append(*fields, fieldPlan{index: index, key: string(AppendString(nil, name)) + ":",
			omitEmpty: hasOption(opts, "omitempty"), plan: planLocked(f.Type),
			offset: offset + f.Offset, size: f.Type.Size(), empty: emptyTestOf(f.Type)})
	}
	return true
}

// knownOptions reports whether every tag option is one AppendValue honours (or one
// encoding/json ignores).
func knownOptions(opts string) bool {
	return !hasOption(opts, "string") && !hasOption(opts, "omitzero")
}

func hasOption(opts, want string) bool {
	for opts != "" {
		var o string
		o, opts, _ = strings.Cut(opts, ",")
		if o == want {
			return true
		}
	}
	return false
}
