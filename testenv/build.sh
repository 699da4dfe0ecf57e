#!/usr/bin/env bash
# Builds the test control plane (etcd, kube-apiserver, kube-controller-manager, optionally kubectl) and helm (for the
# chart's rendering tests) from Go modules
# into a cache keyed by version, so later runs start at once. Nothing is downloaded except through the Go module proxy.
#
#   testenv/build.sh [--with-kubectl]   build what is missing
#   testenv/build.sh --print-paths      print name=path of each binary (built or not) and exit
#
# The cache root is $AIVENATOR_TESTENV_CACHE, else ${XDG_CACHE_HOME:-~/.cache}/aivenator/testenv. It lives outside the
# work tree on purpose: a fresh clone (CI, a second checkout) reuses binaries that took minutes to build.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=versions.env
source "$here/versions.env"

cache_root=${AIVENATOR_TESTENV_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/aivenator/testenv}
k8s_dir="$cache_root/kubernetes-v$KUBERNETES_VERSION"
etcd_dir="$cache_root/etcd-v$ETCD_VERSION"
helm_dir="$cache_root/helm-v$HELM_VERSION"

with_kubectl=false
for arg in "$@"; do
  case "$arg" in
    --with-kubectl) with_kubectl=true ;;
    --print-paths)
      printf 'etcd=%s\n' "$etcd_dir/etcd"
      printf 'helm=%s\n' "$helm_dir/helm"
      printf '%s=%s\n' kube-apiserver "$k8s_dir/kube-apiserver" kube-controller-manager "$k8s_dir/kube-controller-manager" \
        kubectl "$k8s_dir/kubectl"
      exit 0
      ;;
    *) echo "usage: $0 [--with-kubectl] | --print-paths" >&2; exit 2 ;;
  esac
done

log() { printf '[testenv] %s\n' "$*" >&2; }

# Builds run with the module's own go directive; GOTOOLCHAIN=auto fetches a newer Go through the module proxy if needed.
export GOTOOLCHAIN=${GOTOOLCHAIN:-auto} GOFLAGS="${GOFLAGS:-} -buildvcs=false"

# timed NAME CMD...: runs CMD, then reports how long it took.
timed() {
  local name=$1 start end
  shift
  start=$(date +%s)
  "$@"
  end=$(date +%s)
  log "$name: done in $((end - start)) s"
}

# write_etcd_module DIR: a wrapper module whose main calls etcd's own entry point.
write_etcd_module() {
  local dir=$1
  mkdir -p "$dir"
  cat >"$dir/go.mod" <<EOF
module aivenator.local/testenv/etcd

go 1.24

require go.etcd.io/etcd/server/v3 v$ETCD_VERSION
EOF
  cat >"$dir/main.go" <<'EOF'
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() { etcdmain.Main(os.Args) }
EOF
  (cd "$dir" && go mod tidy)
}

# write_kubernetes_module DIR: k8s.io/kubernetes requires its staging modules at v0.0.0 and replaces them with
# ./staging paths that are not in the published zip, so a wrapper pins each of them to the matching v0.X.Y tag.
# The list is read from that release's own go.mod, because it changes between releases.
write_kubernetes_module() {
  local dir=$1 gomod staging_version
  mkdir -p "$dir"
  staging_version="v0.${KUBERNETES_VERSION#1.}"
  gomod=$(cd "$dir" && go mod download -json "k8s.io/kubernetes@v$KUBERNETES_VERSION" | sed -n 's/^[[:space:]]*"GoMod": "\(.*\)",$/\1/p')
  [ -f "$gomod" ] || { log "could not find the go.mod of k8s.io/kubernetes@v$KUBERNETES_VERSION"; exit 1; }
  {
    echo "module aivenator.local/testenv/kubernetes"
    echo
    echo "go 1.24"
    echo
    echo "require k8s.io/kubernetes v$KUBERNETES_VERSION"
    echo
    echo "replace ("
    sed -n '/^replace (/,/^)/p' "$gomod" | awk -v v="$staging_version" '$2 == "=>" && $3 ~ /^\.\/staging\// { printf "\t%s => %s %s\n", $1, $1, v }'
    echo ")"
  } >"$dir/go.mod"
  cat >"$dir/tools.go" <<'EOF'
//go:build tools

package tools

import (
	_ "k8s.io/kubernetes/cmd/kube-apiserver"
	_ "k8s.io/kubernetes/cmd/kube-controller-manager"
	_ "k8s.io/kubernetes/cmd/kubectl"
)
EOF
  (cd "$dir" && go mod tidy)
}

# build_binary MODULE_DIR PACKAGE OUT [LDFLAGS]: builds into OUT.partial and renames, so a killed build never leaves a
# binary that looks complete.
build_binary() {
  local module_dir=$1 package=$2 out=$3 ldflags=${4:-}
  (cd "$module_dir" && go build -trimpath -ldflags "-s -w $ldflags" -o "$out.partial" "$package")
  mv "$out.partial" "$out"
}

# helm's own module has no replace directives, so go install builds it directly; into a .partial directory, renamed.
build_helm() {
  rm -rf "$helm_dir.partial" && mkdir -p "$helm_dir.partial"
  GOBIN="$helm_dir.partial" go install -trimpath -ldflags "-s -w" "helm.sh/helm/v4/cmd/helm@v$HELM_VERSION"
  mkdir -p "$(dirname "$helm_dir")" && rm -rf "$helm_dir" && mv "$helm_dir.partial" "$helm_dir"
}

k8s_ldflags() {
  local minor=${KUBERNETES_VERSION#1.}
  minor=${minor%%.*}
  echo "-X k8s.io/component-base/version.gitVersion=v$KUBERNETES_VERSION -X k8s.io/component-base/version.gitMajor=1" \
    "-X k8s.io/component-base/version.gitMinor=$minor -X k8s.io/component-base/version.gitTreeState=clean"
}

main() {
  mkdir -p "$cache_root"
  # Two builds at once (make test in two shells) would fight over the same .partial files.
  # Say so when another build holds the lock: a cold build takes minutes, and silence looks like a hang.
  exec 9>"$cache_root/.lock"
  if ! flock -n 9; then
    log "another build holds $cache_root/.lock (make test or make demo in another shell?); waiting for it"
    flock 9
    log "got the lock"
  fi

  local wanted=(kube-apiserver kube-controller-manager)
  $with_kubectl && wanted+=(kubectl)

  if [ -x "$etcd_dir/etcd" ]; then
    log "etcd v$ETCD_VERSION: cached in $etcd_dir"
  else
    log "etcd v$ETCD_VERSION: building (about 30 s with modules cached)"
    write_etcd_module "$etcd_dir/src"
    timed "etcd v$ETCD_VERSION" build_binary "$etcd_dir/src" . "$etcd_dir/etcd"
  fi

  if [ -x "$helm_dir/helm" ]; then
    log "helm v$HELM_VERSION: cached in $helm_dir"
  else
    log "helm v$HELM_VERSION: building (about 1.5 min on a cold machine)"
    timed "helm v$HELM_VERSION" build_helm
  fi

  local name missing=()
  for name in "${wanted[@]}"; do [ -x "$k8s_dir/$name" ] || missing+=("$name"); done
  if [ ${#missing[@]} -eq 0 ]; then
    log "kubernetes v$KUBERNETES_VERSION: ${wanted[*]} cached in $k8s_dir"
    return
  fi
  [ -f "$k8s_dir/src/go.sum" ] || {
    log "kubernetes v$KUBERNETES_VERSION: preparing the wrapper module (downloads a few hundred MB on a cold machine)"
    timed "wrapper module" write_kubernetes_module "$k8s_dir/src"
  }
  for name in "${missing[@]}"; do
    log "$name v$KUBERNETES_VERSION: building (minutes on a cold machine, about 3 GB of memory)"
    timed "$name v$KUBERNETES_VERSION" build_binary "$k8s_dir/src" "k8s.io/kubernetes/cmd/$name" "$k8s_dir/$name" "$(k8s_ldflags)"
  done
  log "binaries are in $cache_root"
}

main
