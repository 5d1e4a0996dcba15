package e2enode

import (
	"fmt"
	"testing"
	"time"

	"github.com/podpatterns/podpatterns/test/nodestack"
)

// TestPodRunsAndServes: a pod of the agnhost image built here is scheduled onto the node,
// started by containerd and reachable at its pod IP.
func TestPodRunsAndServes(t *testing.T) {
	needNode(t)
	ns := newNamespace(t, "run", nil)
	begin := time.Now()
	pod := runPod(t, ns, nodestack.AgnhostPod("netexec", "netexec", "--http-port=8080", "--udp-port=8080"))
	logf("pod create → Running and Ready: %s (IP %s)", nodestack.Since(begin), pod.Status.PodIP)
	body, err := nodestack.HTTPGet(fmt.Sprintf("http://%s:8080/hostname", pod.Status.PodIP))
	if err != nil || body != pod.Name {
		t.Fatalf("GET /hostname at the pod IP = %q, %v; want %q", body, err, pod.Name)
	}
	if pod.Spec.NodeName != "podpatterns-node" {
		t.Errorf("scheduled onto %q", pod.Spec.NodeName)
	}
}
