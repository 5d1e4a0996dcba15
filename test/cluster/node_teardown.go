package cluster

import (
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
)

// teardown gives the machine back: it is a shell script generated from the state
// captured before the node started, so the same steps run from Node.Stop and from the
// watchdog when the test binary dies without stopping the node.
type teardown struct{ script string }

// saveIptables stores each table's rules (legacy backend) for the teardown to restore
// exactly. Listing a table first loads it, so every table is in the save.
func saveIptables(dir string) error {
	for _, cmd := range []string{"iptables", "ip6tables"} {
		out, err := exec.Command(cmd + "-legacy-save").Output()
		if err != nil {
			return fmt.Errorf("%s-legacy-save: %w", cmd, err)
		}
		if err := os.WriteFile(filepath.Join(dir, cmd+".save"), out, 0o600); err != nil {
			return err
		}
	}
	return nil
}

// writeTeardown writes the script into dir (which also holds the iptables saves).
func writeTeardown(dir, workDir, assetDir string, before *MachineState, keepBridge bool) (*teardown, error) {
	if err := saveIptables(dir); err != nil {
		return nil, err
	}
	var b strings.Builder
	fmt.Fprintf(&b, "#!/bin/sh\n# Gives the machine back as it was before the node in %s started.\n", workDir)
	fmt.Fprintf(&b, "assets=%q\ncgroups=%q\n", assetDir, strings.Join(nodeCgroupDirs(), " "))
	b.WriteString(teardownProcesses)
	fmt.Fprintf(&b, "for m in $(awk '{print $5}' /proc/self/mountinfo | grep -E '^(%s|/run/containerd|/run/netns|/var/run/netns|/var/lib/kubelet)(/|$)' | sort -r); do umount -l \"$m\"; done\n", workDir)
	if !keepBridge {
		fmt.Fprintf(&b, "ip link del %s 2>/dev/null\n", CNIBridge)
	}
	for _, cmd := range []string{"iptables", "ip6tables"} {
		fmt.Fprintf(&b, "%s-legacy-restore -w < %q\n", cmd, filepath.Join(dir, cmd+".save"))
	}
	for _, k := range slices.Sorted(maps.Keys(before.Sysctls)) {
		if v := before.Sysctls[k]; v != "" {
			fmt.Fprintf(&b, "echo %q > %q\n", v, sysctlPath(k))
		}
	}
	b.WriteString("for c in $cgroups; do [ -d \"$c\" ] && find \"$c\" -depth -type d -exec rmdir {} \\; ; done\n")
	for _, p := range slices.Sorted(maps.Keys(before.Paths)) {
		if !before.Paths[p] && !strings.HasPrefix(p, cgroupMount) {
			fmt.Fprintf(&b, "rm -rf %q\n", p)
		}
	}
	b.WriteString("exit 0\n")
	path := filepath.Join(dir, "teardown.sh")
	return &teardown{script: path}, os.WriteFile(path, []byte(b.String()), 0o700)
}

// teardownProcesses kills, until none is left, every process in the node's cgroups
// (containers) and every process running a node binary (kubelet, containerd, shims).
const teardownProcesses = `for i in 1 2 3 4 5; do
  pids=$(for c in $cgroups; do [ -d "$c" ] && find "$c" -name cgroup.procs -exec cat {} +; done)
  for p in /proc/[0-9]*; do case "$(readlink "$p/exe")" in "$assets"/*) pids="$pids ${p#/proc/}";; esac; done
  [ -z "$(echo $pids)" ] && break
  kill -9 $pids 2>/dev/null; sleep 1
done
`

// run executes the script.
func (t *teardown) run() error {
	if out, err := exec.Command("sh", t.script).CombinedOutput(); err != nil {
		return fmt.Errorf("%s: %w: %s", t.script, err, out)
	}
	return nil
}
