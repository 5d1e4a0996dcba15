package main

import (
	"math"
	"runtime/debug"
	"testing"

	"github.com/go-logr/logr"
)

func TestTuneRuntime(t *testing.T) {
	prevGC := debug.SetGCPercent(100)
	prevLimit := debug.SetMemoryLimit(math.MaxInt64)
	t.Cleanup(func() { debug.SetGCPercent(prevGC); debug.SetMemoryLimit(prevLimit) })

	t.Setenv(memoryLimitEnv, "268435456") // 256Mi
	tuneRuntime(defaultGCPercent, logr.Discard())
	if got := debug.SetGCPercent(defaultGCPercent); got != defaultGCPercent {
		t.Errorf("GC percent %d, want %d", got, defaultGCPercent)
	}
	if got := debug.SetMemoryLimit(-1); got != 268435456/10*8 {
		t.Errorf("memory limit %d, want 80%% of the container limit", got)
	}

	debug.SetGCPercent(100)
	debug.SetMemoryLimit(math.MaxInt64)
	t.Setenv("GOGC", "50")
	t.Setenv("GOMEMLIMIT", "1GiB")
	tuneRuntime(defaultGCPercent, logr.Discard())
	if got := debug.SetGCPercent(100); got != 100 {
		t.Errorf("GOGC in the environment must win; GC percent changed to %d", got)
	}
	if got := debug.SetMemoryLimit(-1); got != math.MaxInt64 {
		t.Errorf("GOMEMLIMIT in the environment must win; limit changed to %d", got)
	}
}
