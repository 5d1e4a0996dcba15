package main

import (
	"os"
	"runtime/debug"
	"strconv"

	"github.com/go-logr/logr"
)

// memoryLimitEnv names the container's memory limit in bytes; the chart sets it with a
// Downward API resourceFieldRef so the Go runtime knows the limit it must stay under.
const memoryLimitEnv = "PODPATTERNS_MEMORY_LIMIT"

// defaultGCPercent is --gc-percent's default. The live heap is a few MiB, so the
// collector's cost per request is set by the bytes a request allocates divided by the
// heap growth GOGC allows, and the resident heap by the growth itself: 400 kept the
// collector cheap but let the heap grow to five times the live set (anonymous memory
// ~30 MiB after load, issue 12's RSS target 64 MiB); 200 halves that growth for about
// twice the GC cycles, which the allocation cuts of issue 12 pay for
// (docs/performance.md, "Memory").
const defaultGCPercent = 200

// tuneRuntime sets the garbage collector for a webhook: GOGC from --gc-percent, and the
// soft memory limit (80% of the container limit), which makes the collector work harder
// before the container could be OOM-killed. GOGC and GOMEMLIMIT in the environment
// always win.
func tuneRuntime(gcPercent int, log logr.Logger) {
	if _, set := os.LookupEnv("GOGC"); !set && gcPercent > 0 {
		debug.SetGCPercent(gcPercent)
	}
	if _, set := os.LookupEnv("GOMEMLIMIT"); set {
		return
	}
	limit, err := strconv.ParseInt(os.Getenv(memoryLimitEnv), 10, 64)
	if err != nil || limit <= 0 {
		return
	}
	debug.SetMemoryLimit(limit / 10 * 8)
	log.V(1).Info("runtime tuned", "gcPercent", gcPercent, "memoryLimitBytes", limit/10*8)
}
