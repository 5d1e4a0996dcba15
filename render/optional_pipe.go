package render

import (
	"strconv"
	"text/template/parse"
)

// walkPipe rewrites the lookups of one pipeline:
//   - `.Params.x | default "y"`: the first command, a lone lookup piped into an optional
//     function, becomes `podpatternsLookup .Params "x"`;
//   - `default "y" .Params.x`, `coalesce .Params.a .Params.b`: lookups that are
//     arguments of an optional function are rewritten in place.
//
// Nested pipelines (parenthesised) are walked too.
func walkPipe(p *parse.PipeNode) {
	if p == nil {
		return
	}
	for i, cmd := range p.Cmds {
		if i == 0 && len(p.Cmds) > 1 && len(cmd.Args) == 1 && callsOptional(p.Cmds[1]) {
			if r := optionalLookup(cmd.Args[0]); r != nil {
				cmd.Args = r.Args
			}
		}
		optional := callsOptional(cmd)
		for j, arg := range cmd.Args {
			if sub, ok := arg.(*parse.PipeNode); ok {
				walkPipe(sub)
				continue
			}
			if optional && j > 0 {
				if r := optionalLookup(arg); r != nil {
					cmd.Args[j] = &parse.PipeNode{NodeType: parse.NodePipe, Pos: arg.Position(), Cmds: []*parse.CommandNode{r}}
				}
			}
		}
	}
}

// callsOptional reports whether cmd calls one of optionalFuncs.
func callsOptional(cmd *parse.CommandNode) bool {
	if len(cmd.Args) == 0 {
		return false
	}
	id, ok := cmd.Args[0].(*parse.IdentifierNode)
	return ok && optionalFuncs[id.Ident]
}

// optionalLookup returns the command `podpatternsLookup <receiver> "<key>"` for a key
// lookup (.Params.x, $p.x, .x under `with .Params`), or nil for anything else.
func optionalLookup(n parse.Node) *parse.CommandNode {
	var receiver parse.Node
	var key string
	switch n := n.(type) {
	case *parse.FieldNode:
		key = n.Ident[len(n.Ident)-1]
		receiver = &parse.DotNode{NodeType: parse.NodeDot, Pos: n.Pos}
		if len(n.Ident) > 1 {
			receiver = &parse.FieldNode{NodeType: parse.NodeField, Pos: n.Pos, Ident: n.Ident[:len(n.Ident)-1]}
		}
	case *parse.VariableNode:
		if len(n.Ident) < 2 {
			return nil
		}
		key = n.Ident[len(n.Ident)-1]
		receiver = &parse.VariableNode{NodeType: parse.NodeVariable, Pos: n.Pos, Ident: n.Ident[:len(n.Ident)-1]}
	default:
		return nil
	}
	fn := parse.NewIdentifier(lookupFunc).SetPos(n.Position())
	str := &parse.StringNode{NodeType: parse.NodeString, Pos: n.Position(), Quoted: strconv.Quote(key), Text: key}
	return &parse.CommandNode{NodeType: parse.NodeCommand, Pos: n.Position(), Args: []parse.Node{fn, receiver, str}}
}
