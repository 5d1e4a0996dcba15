package e2enode

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/podpatterns/podpatterns/mutators"
	"github.com/podpatterns/podpatterns/test/nodestack"
)

// alive says whether pid is still the process that started at start (not gone, not a
// zombie, not a reused PID).
func alive(pid int, start uint64) bool {
	stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return false
	}
	s := string(stat)
	fields := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	return len(fields) > 19 && fields[0] != "Z" && fields[19] == fmt.Sprint(start)
}

// TestSidecarOutlivesDrainingApp: a pod whose app has the injected preStop sleep and a
// native sidecar is deleted. Through the app's drain the sidecar's process is alive and
// answers at the pod IP every time it is asked; it stops only after the app's process
// has exited (the kubelet stops native sidecars after the app containers).
func TestSidecarOutlivesDrainingApp(t *testing.T) {
	needRelease(t)
	ns := injectNamespace(t, "sidecar-drain")
	pod := runPod(t, ns, nodestack.AppPod("draining-with-sidecar", map[string]string{
		mutators.AnnotationSidecars: nodestack.SidecarTemplate, mutators.AnnotationPreStop: "true",
	}))
	appPID, helperPID := containerPID(t, status(t, pod, "app")), containerPID(t, status(t, pod, nodestack.SidecarTemplate))
	appStart, helperStart := processStart(t, appPID), processStart(t, helperPID)
	helperURL := fmt.Sprintf("http://%s:%d/hostname", pod.Status.PodIP, nodestack.SidecarPort)
	if _, err := eventuallyGet(helperURL, 30*time.Second); err != nil {
		t.Fatalf("the sidecar does not serve before the delete: %v", err)
	}

	begin := time.Now()
	deletePod(t, ns, pod.Name)
	var appGone, helperGone time.Duration
	var served, failed int
	var lastErr error
	for time.Since(begin) < time.Minute && (appGone == 0 || helperGone == 0) {
		now := time.Since(begin)
		if appGone == 0 && !alive(appPID, appStart) {
			appGone = now
		}
		if helperGone == 0 && !alive(helperPID, helperStart) {
			helperGone = now
		}
		if appGone == 0 { // the app drains: the sidecar must serve
			if _, err := nodestack.HTTPGet(helperURL); err != nil {
				failed, lastErr = failed+1, err
			} else {
				served++
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	logf("sidecar through the app's drain: app exited %s after the delete, sidecar %s; sidecar answered %d of %d requests while the app drained",
		nodestack.Round(appGone), nodestack.Round(helperGone), served, served+failed)
	switch {
	case appGone == 0 || helperGone == 0:
		t.Fatalf("processes still alive a minute after the delete: app gone at %s, sidecar gone at %s", appGone, helperGone)
	case appGone < nodestack.PreStopSleep-500*time.Millisecond:
		t.Errorf("the app exited %s after the delete, before its %s preStop sleep ended", appGone, nodestack.PreStopSleep)
	case helperGone < appGone:
		t.Errorf("the sidecar exited (%s) before the app (%s)", helperGone, appGone)
	case failed > 0 || served == 0:
		t.Errorf("the sidecar answered %d of %d requests while the app drained (last error: %v)", served, served+failed, lastErr)
	}
}
