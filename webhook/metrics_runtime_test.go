package webhook

import "testing"

// TestRegistryServesRuntimeMetrics: the runtime/metrics families (go_gc_*, go_sched_*,
// go_memory_classes_*) were served from controller-runtime's registry while the server
// linked its controller package; the server's own registry must serve them now.
func TestRegistryServesRuntimeMetrics(t *testing.T) {
	reg, _ := NewRegistry()
	families, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	served := map[string]bool{}
	for _, f := range families {
		served[f.GetName()] = true
	}
	for _, name := range []string{
		"go_gc_heap_goal_bytes", "go_gc_cycles_total_gc_cycles_total", "go_sched_latencies_seconds",
		"go_memory_classes_total_bytes", "go_cpu_classes_gc_total_cpu_seconds_total",
		"go_goroutines", "go_memstats_heap_alloc_bytes", "process_resident_memory_bytes",
	} {
		if !served[name] {
			t.Errorf("%s not served", name)
		}
	}
}
