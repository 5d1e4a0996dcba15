package config

import (
	"fmt"
	"strings"
)

// Error lists every problem of a config file, each with its line where known.
type Error struct {
	File     string
	Problems []Problem
}

// Problem is one problem: the line (0 when unknown), the field path and the message.
type Problem struct {
	Line    int
	Path    string
	Message string
}

// String renders the problem as the error message prints it:
// "line <n>: <path>: <message>", without the parts that are unknown.
func (p Problem) String() string {
	var b strings.Builder
	if p.Line > 0 {
		fmt.Fprintf(&b, "line %d: ", p.Line)
	}
	if p.Path != "" {
		fmt.Fprintf(&b, "%s: ", p.Path)
	}
	b.WriteString(p.Message)
	return b.String()
}

func (e *Error) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "invalid config %s:", e.File)
	for _, p := range e.Problems {
		b.WriteString("\n  ")
		b.WriteString(p.String())
	}
	return b.String()
}
