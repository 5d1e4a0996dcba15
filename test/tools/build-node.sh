#!/usr/bin/env bash
# build-node.sh — builds (or finds cached) what a one-node cluster needs on top of the
# control plane of build-envtest.sh, from the Go module proxy and Debian packages only:
#
#   kubelet, kube-scheduler, agnhost   k8s.io/kubernetes@$K8S_VERSION through the same
#                                      wrapper module as build-envtest.sh (kube-wrapper.sh),
#                                      so they reuse the control plane's compiled packages
#   containerd, ctr,                   github.com/containerd/containerd/v2@v$CONTAINERD_VERSION
#   containerd-shim-runc-v2
#   runc, CNI bridge/host-local/       Debian packages runc, containernetworking-plugins,
#   loopback, iptables, conntrack,     iptables, conntrack, busybox-static (apt-get update
#   busybox (the config data image)    once, then install)
#
# Prints the asset directory on its last line of stdout.
#
# Usage: build-node.sh [--check]   (--check exits 3 when a build or an install would be needed)
#
# One heavy build at a time on a shared machine: this script also takes build-envtest.sh's
# lock, so it waits for a running control-plane build instead of fighting it for the cores.
set -euo pipefail

K8S_VERSION=${K8S_VERSION:-1.37.2}
CONTAINERD_VERSION=${CONTAINERD_VERSION:-2.4.2}
CACHE=${XDG_CACHE_HOME:-$HOME/.cache}/podpatterns
NODE_ASSETS=${NODE_ASSETS:-$CACHE/node/$K8S_VERSION}
ENVTEST_LOCK=$CACHE/envtest/$K8S_VERSION.lock
# Debian package → a file it installs that the node uses.
DEB_FILES="runc:/usr/sbin/runc containernetworking-plugins:/usr/lib/cni/bridge iptables:/usr/sbin/iptables conntrack:/usr/sbin/conntrack busybox-static:/bin/busybox"

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=kube-wrapper.sh
. "$here/kube-wrapper.sh"

log() { echo "build-node: $*" >&2; }

# runs proves a cached binary starts (a broken build is rebuilt, not reused forever).
runs() {
  [ -x "$1" ] || return 1
  case "$(basename "$1")" in
    agnhost) "$1" --help >/dev/null 2>&1 ;;
    containerd-shim-runc-v2) "$1" -v >/dev/null 2>&1 ;;
    *) "$1" --version >/dev/null 2>&1 ;;
  esac
}

kube_binaries() { echo kubelet kube-scheduler; }
containerd_binaries() { echo containerd ctr containerd-shim-runc-v2; }

missing_debs() {
  local pair
  for pair in $DEB_FILES; do
    [ -x "${pair#*:}" ] || echo "${pair%%:*}"
  done
}

have() {
  local b
  for b in $(kube_binaries) agnhost $(containerd_binaries); do runs "$NODE_ASSETS/$b" || return 1; done
  [ -z "$(missing_debs)" ]
}

if have; then
  log "cached in $NODE_ASSETS"
  echo "$NODE_ASSETS"; exit 0
fi
if [ "${1:-}" = "--check" ]; then
  log "not built yet: $NODE_ASSETS (or Debian packages missing: $(missing_debs | tr '\n' ' '))"
  exit 3
fi

command -v go >/dev/null || { log "go is not on PATH"; exit 1; }
mkdir -p "$NODE_ASSETS" "$(dirname "$ENVTEST_LOCK")"
if command -v flock >/dev/null; then
  exec 9>"$NODE_ASSETS.lock"
  log "waiting for the build lock $NODE_ASSETS.lock"
  flock 9
  if have; then
    log "built meanwhile in $NODE_ASSETS"
    echo "$NODE_ASSETS"; exit 0
  fi
fi

# --- Debian packages ------------------------------------------------------------
debs=$(missing_debs | tr '\n' ' ')
if [ -n "${debs// /}" ]; then
  [ "$(id -u)" = 0 ] || { log "Debian packages missing ($debs) and not root: install them with apt-get"; exit 1; }
  command -v apt-get >/dev/null || { log "Debian packages missing ($debs) and no apt-get on this machine"; exit 1; }
  log "installing Debian packages: $debs"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  # shellcheck disable=SC2086
  apt-get install -y -qq --no-install-recommends $debs >&2
fi

if command -v flock >/dev/null; then
  exec 8>"$ENVTEST_LOCK"
  log "waiting for the control-plane build lock $ENVTEST_LOCK (one heavy build at a time)"
  flock 8
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export CGO_ENABLED=0 GOWORK=off

# --- kubelet, kube-scheduler, agnhost -------------------------------------------
missing=()
for b in $(kube_binaries) agnhost; do
  runs "$NODE_ASSETS/$b" || missing+=("$b")
done
if [ ${#missing[@]} -gt 0 ]; then
  kube_wrapper_module "$work/k8s" "$K8S_VERSION"
  cd "$work/k8s"
  for b in "${missing[@]}"; do
    pkg=k8s.io/kubernetes/cmd/$b
    [ "$b" != agnhost ] || pkg=k8s.io/kubernetes/test/images/agnhost
    log "building $pkg (kubelet takes ~6-18 minutes on 2 shared cores the first time)"
    GOFLAGS=-mod=mod go build -trimpath -ldflags "-s -w $(kube_version_ldflags "$K8S_VERSION")" -o "$NODE_ASSETS/$b" "$pkg"
  done
fi

# --- containerd -----------------------------------------------------------------
for b in $(containerd_binaries); do
  runs "$NODE_ASSETS/$b" && continue
  log "building containerd v$CONTAINERD_VERSION cmd/$b (~8 minutes for containerd the first time)"
  GOBIN=$NODE_ASSETS go install -trimpath \
    -ldflags "-s -w -X github.com/containerd/containerd/v2/version.Version=v$CONTAINERD_VERSION" \
    "github.com/containerd/containerd/v2/cmd/$b@v$CONTAINERD_VERSION"
done

have || { log "binaries or packages missing in $NODE_ASSETS after build"; exit 1; }
log "node assets ready in $NODE_ASSETS"
echo "$NODE_ASSETS"
