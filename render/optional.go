package render

import (
	"fmt"
	"reflect"
	"text/template"
	"text/template/parse"
)

// Templates run with missingkey=error, so a key that is not there fails the render with
// the file and key named. That would also break the book's idiom for optional values,
// `{{ .Params.port | default "8080" }}`, because the lookup fails before `default` runs.
// So where a key lookup is the argument of a function that handles an empty value
// (optionalFuncs), the parsed template looks it up with lookupFunc instead, which yields
// nil for an absent key. Anywhere else (used bare, piped into `upper`, ...) an absent key
// is still an error.

// optionalFuncs handle an absent (nil) value themselves.
var optionalFuncs = map[string]bool{"default": true, "coalesce": true, "empty": true, "required": true}

// lookupFunc is the internal function a rewritten lookup calls; users never write it.
const lookupFunc = "podpatternsLookup"

// lookup returns receiver[key] for a map with string keys, nil when the key is absent.
// On a struct (dot at the top: .Params, .Env) it is the exported field, and a field the
// struct lacks is an error as in text/template: only map keys are optional.
func lookup(receiver any, key string) (any, error) {
	v := reflect.Indirect(reflect.ValueOf(receiver))
	switch {
	case v.Kind() == reflect.Map && v.Type().Key().Kind() == reflect.String:
		e := v.MapIndex(reflect.ValueOf(key).Convert(v.Type().Key()))
		if !e.IsValid() {
			return nil, nil
		}
		return e.Interface(), nil
	case v.Kind() == reflect.Struct:
		if f, ok := v.Type().FieldByName(key); ok && f.IsExported() {
			return v.FieldByIndex(f.Index).Interface(), nil
		}
	}
	return nil, fmt.Errorf("can't evaluate field %s in type %T", key, receiver)
}

// rewriteOptional rewrites every template of set as described above.
func rewriteOptional(set *template.Template) {
	for _, t := range set.Templates() {
		if t.Tree != nil && t.Tree.Root != nil {
			walkList(t.Tree.Root)
		}
	}
}

func walkList(l *parse.ListNode) {
	if l == nil {
		return
	}
	for _, n := range l.Nodes {
		walkNode(n)
	}
}

func walkNode(n parse.Node) {
	switch n := n.(type) {
	case *parse.ActionNode:
		walkPipe(n.Pipe)
	case *parse.IfNode:
		walkBranch(&n.BranchNode)
	case *parse.RangeNode:
		walkBranch(&n.BranchNode)
	case *parse.WithNode:
		walkBranch(&n.BranchNode)
	case *parse.TemplateNode:
		walkPipe(n.Pipe)
	case *parse.ListNode:
		walkList(n)
	}
}

func walkBranch(b *parse.BranchNode) {
	walkPipe(b.Pipe)
	walkList(b.List)
	walkList(b.ElseList)
}
