// Package e2enode runs podpatterns as users run it: a one-node cluster on this machine
// (etcd, kube-apiserver, kube-controller-manager, kube-scheduler, a kubelet with
// containerd), the images built here without Docker and imported into containerd, and
// pods that really start.
//
// Build: test/tools/build-envtest.sh (control plane) and test/tools/build-node.sh
// (kubelet, kube-scheduler, agnhost, containerd; runc, CNI plugins, iptables and conntrack
// from Debian packages), both from the Go module proxy, cached under
// ~/.cache/podpatterns. The node needs root and cgroup v1 hierarchies; a machine that
// cannot run it fails the suite with the reason, it never skips.
//
// Run: make e2e-node (or go test -timeout 60m ./test/e2enode).
package e2enode
