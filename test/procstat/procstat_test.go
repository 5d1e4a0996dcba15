package procstat

import (
	"os"
	"testing"
)

// TestSelf reads this test process: it has used CPU and holds memory.
func TestSelf(t *testing.T) {
	for i := 0; i < 1e7; i++ { // some CPU time to read back
		_ = i * i
	}
	cpu, err := CPUTime(os.Getpid())
	if err != nil || cpu < 0 {
		t.Fatalf("CPUTime: %v, %v", cpu, err)
	}
	rss, anon, err := Memory(os.Getpid())
	if err != nil || rss <= 0 || anon <= 0 || anon > rss {
		t.Fatalf("Memory: rss %d anon %d, %v", rss, anon, err)
	}
	if _, _, err := Memory(-1); err == nil {
		t.Fatal("Memory of no process: want an error")
	}
}
