package buildinfo

import (
	"runtime"
	"runtime/debug"
	"testing"
)

func TestResolveCommit(t *testing.T) {
	vcs := func() (*debug.BuildInfo, bool) {
		return &debug.BuildInfo{Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: "abc123"}}}, true
	}
	none := func() (*debug.BuildInfo, bool) { return nil, false }
	for _, tt := range []struct {
		name, stamped string
		read          func() (*debug.BuildInfo, bool)
		want          string
	}{
		{"stamped wins", "deadbeef", vcs, "deadbeef"},
		{"vcs revision without a stamp", "", vcs, "abc123"},
		{"nothing known", "", none, "unknown"},
	} {
		if got := resolveCommit(tt.stamped, tt.read); got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestString(t *testing.T) {
	got := Info{Version: "v1.2.3", Commit: "deadbeef", GoVersion: runtime.Version()}.String()
	want := "podpatterns v1.2.3 (commit deadbeef, " + runtime.Version() + ")"
	if got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
