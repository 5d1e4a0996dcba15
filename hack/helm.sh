#!/usr/bin/env bash
# helm.sh — the helm CLI built from the Go module proxy (nothing else can be downloaded
# here), and the chart checks that use it.
#
#   hack/helm.sh install        build bin/helm (once; ~5 minutes on 2 cores)
#   hack/helm.sh lint           helm lint the chart with its default and ci/ values
#   hack/helm.sh template ARGS  helm template the chart (ARGS go to helm)
#   hack/helm.sh helm ARGS      run bin/helm with any arguments
#
# The Go tests (go test ./test/chartrender) already lint and render in-process with the
# same Helm packages; this script is for humans and CI logs that want the real CLI.
set -euo pipefail

HELM_VERSION=${HELM_VERSION:-v3.22.0}
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BIN=${BIN:-$ROOT/bin}
HELM=$BIN/helm
CHART=$ROOT/charts/podpatterns
KUBE_VERSION=${KUBE_VERSION:-1.37.2}

log() { echo "helm.sh: $*" >&2; }

install_helm() {
  if [ -x "$HELM" ] && "$HELM" version --template '{{.Version}}' 2>/dev/null | grep -qx "$HELM_VERSION"; then
    return
  fi
  log "building helm $HELM_VERSION into $BIN"
  mkdir -p "$BIN"
  GOBIN=$BIN CGO_ENABLED=0 GOFLAGS=-mod=mod GOWORK=off \
    go install -trimpath -ldflags "-s -w -X helm.sh/helm/v3/internal/version.version=$HELM_VERSION" \
    "helm.sh/helm/v3/cmd/helm@$HELM_VERSION"
}

lint() {
  install_helm
  "$HELM" lint --strict --kube-version "$KUBE_VERSION" "$CHART"
  for values in "$CHART"/ci/*.yaml; do
    "$HELM" lint --strict --kube-version "$KUBE_VERSION" -f "$values" "$CHART"
  done
}

case "${1:-lint}" in
  install) install_helm; echo "$HELM" ;;
  lint) lint ;;
  template) shift; install_helm; "$HELM" template podpatterns "$CHART" --namespace podpatterns-system --kube-version "$KUBE_VERSION" "$@" ;;
  helm) shift; install_helm; "$HELM" "$@" ;;
  *) log "unknown command $1"; exit 2 ;;
esac
