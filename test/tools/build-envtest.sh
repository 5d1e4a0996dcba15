#!/usr/bin/env bash
# build-envtest.sh — builds the control-plane binaries envtest runs (kube-apiserver,
# etcd) plus kube-controller-manager and kubectl (WITH_KCM=0 / WITH_KUBECTL=0 to leave
# them out) from the Go module proxy, because nothing else can be downloaded here. Prints the asset directory (for KUBEBUILDER_ASSETS) on
# its last line of stdout.
#
# kube-apiserver: a throw-away wrapper module (kube-wrapper.sh, shared with build-node.sh)
# requires k8s.io/kubernetes@$K8S_VERSION with every staging module replaced by its
# published v0.x twin. etcd: a wrapper whose main calls etcdmain.Main.
#
# Usage: build-envtest.sh [--check]   (--check exits 3 when a build would be needed)
#
# Results are cached in $ASSETS (default ${XDG_CACHE_HOME:-$HOME/.cache}/podpatterns/envtest/$K8S_VERSION)
# and reused. KUBEBUILDER_ASSETS, when set and holding the binaries, wins. Measured on
# 2 shared cores, cold Go build cache: kube-apiserver ~9.5 min, kube-controller-manager
# ~3 min, kubectl ~3 min, etcd ~1.7 min; a cached run takes ~0.4 s.
set -euo pipefail

K8S_VERSION=${K8S_VERSION:-1.37.2}
ETCD_VERSION=${ETCD_VERSION:-3.6.16}
ASSETS=${ASSETS:-${XDG_CACHE_HOME:-$HOME/.cache}/podpatterns/envtest/$K8S_VERSION}
# kube-controller-manager lets Deployments really create pods (e2e, demo); kubectl is
# what the demo tells its user to poke the cluster with. Both cost little once
# kube-apiserver is built: they share almost every package.
WITH_KCM=${WITH_KCM:-1}
WITH_KUBECTL=${WITH_KUBECTL:-1}

# shellcheck source=kube-wrapper.sh
. "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/kube-wrapper.sh"

log() { echo "build-envtest: $*" >&2; }

# runs proves a cached binary is not just present but starts (a broken build must be
# rebuilt, not reused forever).
runs() {
  [ -x "$1" ] || return 1
  case "$(basename "$1")" in
    kubectl) "$1" version --client >/dev/null 2>&1 ;;
    *) "$1" --version >/dev/null 2>&1 ;;
  esac
}

# kube_binaries lists the k8s.io/kubernetes commands wanted.
kube_binaries() {
  echo kube-apiserver
  [ "$WITH_KCM" != 1 ] || echo kube-controller-manager
  [ "$WITH_KUBECTL" != 1 ] || echo kubectl
}

have() {
  local b
  runs "$1/etcd" || return 1
  for b in $(kube_binaries); do runs "$1/$b" || return 1; done
}

if [ -n "${KUBEBUILDER_ASSETS:-}" ] && have "$KUBEBUILDER_ASSETS"; then
  log "using KUBEBUILDER_ASSETS=$KUBEBUILDER_ASSETS"
  echo "$KUBEBUILDER_ASSETS"; exit 0
fi
if have "$ASSETS"; then
  log "cached in $ASSETS"
  echo "$ASSETS"; exit 0
fi
# --check: only say whether a build is needed (exit 3), without building.
if [ "${1:-}" = "--check" ]; then
  log "not built yet: $ASSETS"
  exit 3
fi

command -v go >/dev/null || { log "go is not on PATH"; exit 1; }
mkdir -p "$ASSETS"
# One build at a time (make test and make demo may start together): the second waits,
# then finds the binaries cached.
if command -v flock >/dev/null; then
  exec 9>"$ASSETS.lock"
  log "waiting for the build lock $ASSETS.lock"
  flock 9
  if have "$ASSETS"; then
    log "built meanwhile in $ASSETS"
    echo "$ASSETS"; exit 0
  fi
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export GOFLAGS="-mod=mod" CGO_ENABLED=0 GOWORK=off

# --- kube-apiserver, kube-controller-manager, kubectl --------------------------
missing=()
for b in $(kube_binaries); do
  runs "$ASSETS/$b" || missing+=("$b")
done
if [ ${#missing[@]} -gt 0 ]; then
  kube_wrapper_module "$work/k8s" "$K8S_VERSION"
  cd "$work/k8s"
  for b in "${missing[@]}"; do
    log "building k8s.io/kubernetes/cmd/$b (kube-apiserver takes ~10 minutes on 2 cores the first time; the others reuse most of its packages)"
    go build -trimpath -ldflags "-s -w $(kube_version_ldflags "$K8S_VERSION")" -o "$ASSETS/$b" "k8s.io/kubernetes/cmd/$b"
  done
fi

# --- etcd --------------------------------------------------------------------
if ! runs "$ASSETS/etcd"; then
  mkdir -p "$work/etcd"
  cd "$work/etcd"
  go mod init podpatterns.test/envtest-etcd >/dev/null 2>&1
  cat >main.go <<'GO'
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

// etcdmain.Main parses its argument like os.Args: element 0 is the program name.
func main() { etcdmain.Main(os.Args) }
GO
  go mod edit -require="go.etcd.io/etcd/server/v3@v$ETCD_VERSION"
  log "building etcd v$ETCD_VERSION"
  go build -trimpath -ldflags "-s -w" -o "$ASSETS/etcd" .
fi

have "$ASSETS" || { log "binaries missing in $ASSETS after build"; exit 1; }
log "assets ready in $ASSETS"
echo "$ASSETS"
