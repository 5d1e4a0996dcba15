package cluster

import "testing"

func TestParentOf(t *testing.T) {
	cases := map[string]string{
		"1234 (etcd) S 42 1234 1234 0 -1":  "42",
		"1234 (weird ) name) R 7 1 1 0 -1": "7",
		"garbage":                          "",
		"1 (x)":                            "",
	}
	for stat, want := range cases {
		if got := parentOf(stat); got != want {
			t.Errorf("parentOf(%q) = %q, want %q", stat, got, want)
		}
	}
}
