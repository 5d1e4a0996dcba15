package main

import (
	"slices"
	"testing"
)

// TestEveryCommandIsRegistered: the documented commands are exactly the registered ones.
func TestEveryCommandIsRegistered(t *testing.T) {
	var got []string
	for _, c := range newRootCommand().Commands() {
		if c.Name() != "help" && c.Name() != "completion" {
			got = append(got, c.Name())
		}
	}
	slices.Sort(got)
	want := []string{"analyze", "check-config", "check-webhook", "drift", "inject", "precheck", "remove-webhooks", "render", "serve", "validate", "version"}
	if !slices.Equal(got, want) {
		t.Errorf("commands %v, want %v", got, want)
	}
}
