// Command nodepreflight fails, with every reason, when this machine cannot run the node
// suite (make e2e-node, part of make test): not root, no cgroup v1 hierarchies, no
// overlayfs, node tools missing with no apt-get to install them. It runs before the
// node's ~20-minute first build, so such a machine fails at once, never silently skips.
package main

import (
	"errors"
	"fmt"
	"os"

	"github.com/podpatterns/podpatterns/test/cluster"
)

func main() {
	if err := errors.Join(cluster.NodeHostPreflight(), cluster.NodeToolsInstallable()); err != nil {
		fmt.Fprintf(os.Stderr, "node-preflight: this machine cannot run the node suite (make e2e-node, part of make test):\n%v\n", err)
		os.Exit(1)
	}
}
