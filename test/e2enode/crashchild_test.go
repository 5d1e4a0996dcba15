package e2enode

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"time"

	"github.com/podpatterns/podpatterns/test/cluster"
)

// crashChildEnv, when set, makes the test binary a crash child instead of a suite: it
// starts a node against the parent's control plane, says so on stdout, and waits to be
// SIGKILLed (TestTeardownAfterCrash).
const crashChildEnv = "PODPATTERNS_E2ENODE_CRASH_CHILD"

// crashChildReady is the line the child prints once its node is Ready.
const crashChildReady = "node ready"

// crashChild is what the parent hands over (JSON in crashChildEnv).
type crashChild struct {
	Dir, AssetDir, Kubeconfig string
	Users                     map[string]string
	Images                    []string
}

// runCrashChild starts the node and blocks; it returns only on error.
func runCrashChild(spec string) int {
	var c crashChild
	if err := json.Unmarshal([]byte(spec), &c); err != nil {
		fmt.Fprintln(os.Stderr, "crash child:", err)
		return 1
	}
	cl, err := cluster.Attach(c.Kubeconfig, c.Users)
	if err != nil {
		fmt.Fprintln(os.Stderr, "crash child:", err)
		return 1
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	if _, err := cluster.StartNode(ctx, cl, cluster.NodeOptions{Dir: c.Dir, AssetDir: c.AssetDir, Images: c.Images}); err != nil {
		fmt.Fprintln(os.Stderr, "crash child:", err)
		return 1
	}
	fmt.Println(crashChildReady)
	time.Sleep(10 * time.Minute) // the parent SIGKILLs us long before
	return 1
}
