package main

import (
	"runtime"
	"runtime/debug"
)

// harnessMemoryLimit bounds the harness's heap while its GC is off (quietGC): 700 req/s
// for a few seconds allocate a few tens of MiB.
const harnessMemoryLimit = 1 << 30

// quietGC collects the harness's garbage now and turns its collector off (a memory limit
// as the guard) until the returned function, which turns it back on and says how many
// collections ran meanwhile: the harness's GC, on the harness's one core, would delay
// the requests it sends.
func quietGC() func() uint32 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	n0 := m.NumGC
	percent := debug.SetGCPercent(-1)
	limit := debug.SetMemoryLimit(harnessMemoryLimit)
	return func() uint32 {
		runtime.ReadMemStats(&m)
		debug.SetGCPercent(percent)
		debug.SetMemoryLimit(limit)
		return m.NumGC - n0
	}
}
