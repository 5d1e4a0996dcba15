package config

import (
	"reflect"

	"go.yaml.in/yaml/v3"
	"k8s.io/apimachinery/pkg/util/validation/field"
)

// MaxAliasNodes bounds the YAML nodes a config's aliases (*name) expand to. An alias is
// written out in full wherever it is used, so eight levels of ten aliases each (a 7 KB
// file) would expand to a hundred million nodes and gigabytes; a config that shares a
// few blocks through anchors stays far below this.
const MaxAliasNodes = 10000

// AliasBombMessage is the problem reported when aliases expand past MaxAliasNodes.
const AliasBombMessage = "YAML aliases expand to more than 10000 nodes: refusing the config " +
	"(write the shared blocks out, or use fewer levels of aliases)"

// expandAlias encodes what alias n names, counting every node written through it; past
// MaxAliasNodes the config is refused once and the rest of the walk is cut short.
func (e *nodeEncoder) expandAlias(n *yaml.Node, t reflect.Type, p *field.Path) {
	alias := n
	for n.Kind == yaml.AliasNode {
		if n.Alias == nil {
			e.fail(n, p, "alias %q names no anchor", n.Value)
			return
		}
		n = n.Alias
	}
	e.inAlias++
	e.encode(n, t, p)
	e.inAlias--
	if e.aliasNodes > MaxAliasNodes && e.inAlias == 0 {
		e.problems = append(e.problems, Problem{Line: alias.Line, Path: p.String(), Message: AliasBombMessage})
	}
}
