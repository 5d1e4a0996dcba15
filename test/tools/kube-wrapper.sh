# kube-wrapper.sh — sourced by build-envtest.sh and build-node.sh: how to build commands
# of k8s.io/kubernetes from the Go module proxy.
#
# kubernetes' own go.mod points every staging module (k8s.io/api, k8s.io/apiserver, ...)
# at ./staging, which a module download does not contain. The wrapper module requires
# k8s.io/kubernetes and replaces each staging module by its published v0.x twin. Both
# scripts build the same wrapper, so the Go build cache is shared between them.

# kube_wrapper_module DIR VERSION creates the wrapper module in DIR (e.g. 1.37.2).
kube_wrapper_module() {
  local dir=$1 version=$2 staging=v0.${2#1.} kmod m
  mkdir -p "$dir"
  (
    cd "$dir"
    # -mod=mod: `go list -m` below must work before go.sum has any entry
    export GOFLAGS=-mod=mod
    go mod init podpatterns.test/envtest-kube >/dev/null 2>&1
    echo "kube-wrapper: resolving k8s.io/kubernetes v$version" >&2
    go mod download "k8s.io/kubernetes@v$version"
    kmod=$(go mod download -json "k8s.io/kubernetes@v$version" | sed -n 's/.*"GoMod": "\(.*\)".*/\1/p')
    {
      echo "require k8s.io/kubernetes v$version"
      echo "replace ("
      # every `k8s.io/X => ./staging/...` becomes `k8s.io/X => k8s.io/X $staging`
      awk '/=> \.\/staging\//{print "\t" $1 " => " $1 " '"$staging"'"}' "$kmod"
      echo ")"
    } >>go.mod
    # drop replacements of staging modules that were never published (sample-* helpers)
    for m in $(awk '/=> \.\/staging\//{print $1}' "$kmod"); do
      if ! go list -m -versions "$m" 2>/dev/null | tr ' ' '\n' | grep -qx "$staging"; then
        go mod edit -dropreplace="$m"
      fi
    done
  )
}

# kube_version_ldflags VERSION stamps the version `--version` prints.
kube_version_ldflags() {
  local minor=${1#1.}
  echo "-X k8s.io/component-base/version.gitVersion=v$1 -X k8s.io/component-base/version.gitMajor=1 -X k8s.io/component-base/version.gitMinor=${minor%%.*}"
}
