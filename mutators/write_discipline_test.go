package mutators

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"
	"testing"
)

// TestMutatorsWriteThroughTheRequest: outside request_write.go, no mutator assigns into
// the parts of the pod it shares with the input (containers, init and ephemeral
// containers, volumes, annotations, labels; anything behind a pointer), neither directly
// (`pod.Spec.Volumes = append(...)`, `req.Pod.Annotations[k] = v`) nor through a
// variable holding the address of a container or volume of the pod (`c :=
// &pod.Spec.Containers[i]; c.Env = ...`): those go through the Request's write helpers.
// The pod is named pod, req.Pod or r.Pod, as everywhere in this package. It is the
// static half of TestChainNeverWritesTheInput, for writes no golden case reaches.
func TestMutatorsWriteThroughTheRequest(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	checked := 0
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") || name == "request_write.go" {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		checked++
		for _, d := range f.Decls {
			if fn, ok := d.(*ast.FuncDecl); ok && fn.Body != nil {
				for _, pos := range sharedWrites(fn.Body) {
					t.Errorf("%s: writes the pod's shared %s outside request_write.go: use the Request's write helpers", fset.Position(pos.at), pos.what)
				}
			}
		}
	}
	if checked < 20 {
		t.Fatalf("checked only %d files: run from the mutators directory", checked)
	}
}

// sharedWrite is one offending assignment.
type sharedWrite struct {
	at   token.Pos
	what string
}

// sharedWrites finds, in one function body, the assignments that write what the pod
// shares with the input.
func sharedWrites(body *ast.BlockStmt) []sharedWrite {
	var out []sharedWrite
	aliases := map[string]string{} // variables holding &pod...Containers[i] and the like
	check := func(lhs ast.Expr) {
		path, root := exprPath(lhs)
		if what, ok := aliases[root]; ok && path != root {
			out = append(out, sharedWrite{lhs.Pos(), what + " (through " + root + ")"})
			return
		}
		if what := sharedPart(path); what != "" {
			out = append(out, sharedWrite{lhs.Pos(), what})
		}
	}
	ast.Inspect(body, func(n ast.Node) bool {
		switch s := n.(type) {
		case *ast.AssignStmt:
			for i, lhs := range s.Lhs {
				if s.Tok == token.DEFINE {
					if id, ok := lhs.(*ast.Ident); ok && i < len(s.Rhs) {
						if u, ok := s.Rhs[i].(*ast.UnaryExpr); ok && u.Op == token.AND {
							if path, _ := exprPath(u.X); sharedPart(path) != "" {
								aliases[id.Name] = sharedPart(path)
							}
						}
					}
					continue
				}
				if id, ok := lhs.(*ast.Ident); ok {
					delete(aliases, id.Name) // reassigned: from here on it holds something else
				}
				check(lhs)
			}
		case *ast.IncDecStmt:
			check(s.X)
		}
		return true
	})
	return out
}

// sharedPart names the shared part of the pod path writes, or "".
func sharedPart(path string) string {
	if !strings.HasPrefix(path, "pod.") && !strings.HasPrefix(path, "req.Pod.") && !strings.HasPrefix(path, "r.Pod.") &&
		!strings.HasPrefix(path, "*pod.") && !strings.HasPrefix(path, "*req.Pod.") {
		return ""
	}
	for _, part := range []string{".Containers", ".InitContainers", ".EphemeralContainers", ".Volumes", ".Annotations", ".Labels"} {
		if strings.Contains(path, part) {
			return strings.TrimPrefix(part, ".")
		}
	}
	if strings.HasPrefix(path, "*") {
		return "pointer target"
	}
	return ""
}

// exprPath spells an assignment target as a path (pod.Spec.Containers[].Env) and
// returns its root identifier.
func exprPath(e ast.Expr) (path, root string) {
	switch x := e.(type) {
	case *ast.Ident:
		return x.Name, x.Name
	case *ast.SelectorExpr:
		p, r := exprPath(x.X)
		return p + "." + x.Sel.Name, r
	case *ast.IndexExpr:
		p, r := exprPath(x.X)
		return p + "[]", r
	case *ast.StarExpr:
		p, r := exprPath(x.X)
		return "*" + p, r
	case *ast.ParenExpr:
		return exprPath(x.X)
	}
	return "?", ""
}
