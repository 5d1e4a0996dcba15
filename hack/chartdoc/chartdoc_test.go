package chartdoc

import (
	"strings"
	"testing"
)

// TestRows: leaves in file order with their JSON defaults; a commented map is a section
// row; only a key's last comment paragraph describes it (a file header above the first
// key does not).
func TestRows(t *testing.T) {
	values := []byte(`# File header, not about image.

# The image.
image:
  # Defaults to appVersion.
  tag: ""
  pullPolicy: IfNotPresent
list: [a, b]
empty: {}
`)
	rows, err := Rows(values)
	if err != nil {
		t.Fatal(err)
	}
	want := []Row{
		{"image", "", "The image."},
		{"image.tag", `""`, "Defaults to appVersion."},
		{"image.pullPolicy", `"IfNotPresent"`, ""},
		{"list", `["a","b"]`, ""},
		{"empty", `{}`, ""},
	}
	if len(rows) != len(want) {
		t.Fatalf("rows %+v, want %+v", rows, want)
	}
	for i := range want {
		if rows[i] != want[i] {
			t.Errorf("row %d: %+v, want %+v", i, rows[i], want[i])
		}
	}
}

// TestREADMEEscapesCells: a '|' or an HTML-looking '<name>' in a comment cannot break
// the table or vanish as a tag.
func TestREADMEEscapesCells(t *testing.T) {
	out, err := README([]byte("name: c\nversion: 1.0.0\n"), []byte("# a|b <release>-<chart>\nk: 1\n"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(out), "| `k` | `1` | a\\|b &lt;release&gt;-&lt;chart&gt; |") {
		t.Errorf("row not escaped:\n%s", out)
	}
}
