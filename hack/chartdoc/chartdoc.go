// Package chartdoc writes the chart's README from its Chart.yaml and values.yaml: every
// value with its default and the comment above it, so `helm show readme` tells a
// platform team what it can set. test/chartrender checks the committed README is what
// this writes (`make chart-readme` rewrites it).
package chartdoc

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Row is one value of the chart: its dotted path, its default as JSON, what its comment says.
type Row struct {
	Key, Default, Description string
}

// Rows lists values.yaml's values in file order: every scalar, list and empty map (a leaf),
// and every commented map as a section row.
func Rows(values []byte) ([]Row, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(values, &doc); err != nil {
		return nil, fmt.Errorf("values.yaml: %w", err)
	}
	if len(doc.Content) != 1 || doc.Content[0].Kind != yaml.MappingNode {
		return nil, fmt.Errorf("values.yaml: the document is not a map")
	}
	var rows []Row
	return rows, walk(doc.Content[0], "", &rows)
}

func walk(m *yaml.Node, prefix string, rows *[]Row) error {
	for i := 0; i+1 < len(m.Content); i += 2 {
		key, val := m.Content[i], m.Content[i+1]
		path := prefix + key.Value
		desc := comment(key.HeadComment)
		if val.Kind == yaml.MappingNode && len(val.Content) > 0 {
			if desc != "" {
				*rows = append(*rows, Row{Key: path, Default: "", Description: desc})
			}
			if err := walk(val, path+".", rows); err != nil {
				return err
			}
			continue
		}
		def, err := jsonOf(val)
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		*rows = append(*rows, Row{Key: path, Default: def, Description: desc})
	}
	return nil
}

// comment joins a head comment's lines without their '#'; a blank line ends a paragraph
// that belongs to what comes before (a file or section header), so only the last
// paragraph describes the key.
func comment(c string) string {
	paras := strings.Split(strings.TrimSpace(c), "\n\n")
	var words []string
	for _, line := range strings.Split(paras[len(paras)-1], "\n") {
		if line = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(line), "#")); line != "" {
			words = append(words, line)
		}
	}
	return strings.Join(words, " ")
}

func jsonOf(n *yaml.Node) (string, error) {
	var v any
	if err := n.Decode(&v); err != nil {
		return "", err
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return "", err
	}
	return strings.TrimSpace(b.String()), nil
}
