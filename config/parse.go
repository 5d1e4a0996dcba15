package config

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"go.yaml.in/yaml/v3"
	"k8s.io/apimachinery/pkg/util/validation/field"
	kjson "sigs.k8s.io/json"
)

// Loaded is a config that decoded strictly, defaulted and validated, with the revision
// (content hash) that is stamped into the status annotation, metrics and logs.
type Loaded struct {
	*Config
	// Revision is a short hash of the normalized config: formatting and comments do not
	// change it, any value does.
	Revision string
	// source is the file content it was parsed from (the Watcher skips unchanged files).
	source []byte
}

// LoadFile reads and parses the config file at path.
func LoadFile(path string) (*Loaded, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading config: %w", err)
	}
	return Parse(path, data)
}

// Parse decodes data strictly (unknown keys, duplicate keys and wrongly typed
// scalars are errors with their line), defaults it and validates it. name is only used
// in error messages.
func Parse(name string, data []byte) (*Loaded, error) {
	root, err := singleDocument(data)
	if err != nil {
		return nil, &Error{File: name, Problems: []Problem{{Line: syntaxErrorLine(err, data), Message: err.Error()}}}
	}
	if root == nil { // at startup no config to serve; on reload every profile and template would go
		return nil, &Error{File: name, Problems: []Problem{{Line: 1, Message: emptyConfigMessage}}}
	}
	enc := newNodeEncoder()
	enc.encode(root, configType, nil)
	if len(enc.problems) > 0 {
		return nil, &Error{File: name, Problems: enc.problems}
	}
	cfg := &Config{}
	if err := kjson.UnmarshalCaseSensitivePreserveInts(enc.buf.Bytes(), cfg); err != nil {
		return nil, &Error{File: name, Problems: []Problem{{Message: err.Error()}}}
	}
	normalized := bytes.Clone(enc.buf.Bytes())
	cfg.Default()
	if errs := cfg.Validate(); len(errs) > 0 {
		return nil, &Error{File: name, Problems: enc.locate(errs)}
	}
	sum := sha256.Sum256(normalized)
	return &Loaded{Config: cfg, Revision: hex.EncodeToString(sum[:])[:12], source: bytes.Clone(data)}, nil
}

// syntaxErrorLine is the line of a YAML syntax error whose message names none: the
// parser's "unexpected end of stream" and the like concern the end of the file.
// Messages that name their line keep it there (0).
func syntaxErrorLine(err error, data []byte) int {
	if strings.Contains(err.Error(), "line ") {
		return 0
	}
	return max(1, bytes.Count(data, []byte("\n"))+1)
}

// emptyConfigMessage refuses a file without a document (empty, only comments, a bare
// "---" or null): serving it would drop every profile and template at once.
const emptyConfigMessage = "the config is empty: it would drop every profile and template (write {} to run without any on purpose)"

// singleDocument parses data as exactly one YAML document and returns its root node
// (nil for an empty file).
func singleDocument(data []byte) (*yaml.Node, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, nil
		}
		return nil, err
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("the config must be a single YAML document (a second one starts near line %d)", extra.Line)
	}
	if len(doc.Content) == 0 {
		return nil, nil
	}
	root := doc.Content[0]
	if root.Kind == yaml.ScalarNode && root.Tag == "!!null" {
		return nil, nil
	}
	if root.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("line %d: the config must be a mapping of sections", root.Line)
	}
	return root, nil
}

// locate turns validation errors into problems with the line of the field (or of its
// nearest ancestor that appears in the file, for a missing field).
func (e *nodeEncoder) locate(errs field.ErrorList) []Problem {
	problems := make([]Problem, 0, len(errs))
	for _, err := range errs {
		msg := err.ErrorBody()
		problems = append(problems, Problem{Line: e.lineOf(err.Field), Path: err.Field, Message: msg})
	}
	return problems
}

func (e *nodeEncoder) lineOf(path string) int {
	for path != "" {
		if line, ok := e.lines[path]; ok {
			return line
		}
		cut := strings.LastIndexAny(path, ".[")
		if cut < 0 {
			return 0
		}
		path = path[:cut]
	}
	return 0
}
