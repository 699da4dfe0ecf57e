#!/usr/bin/env bash
# The tools `make image`, `make sbom` and the image tests use. From Debian's packages: buildah (builds FROM scratch
# into an OCI archive, no daemon) and umoci (unpacks an image as a runtime would); apt-get needs root, as on the
# machines this project is built and tested on. From the Go module proxy, cached by version: cosign (signs and
# attests), and go-containerregistry's crane (pushes) and registry (a registry on loopback for the tests).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=versions.env
source "$here/versions.env"
cache="${XDG_CACHE_HOME:-$HOME/.cache}/aivenator/tools"

missing=()
command -v buildah >/dev/null || missing+=(buildah)
command -v umoci >/dev/null || missing+=(umoci)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "make image needs ${missing[*]}: install them (apt-get install ${missing[*]}) or run as root" >&2
    exit 1
  fi
  echo "installing ${missing[*]} from Debian's packages"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# go_tool <name> <package@version>: built once into <cache>/<name>-<version>/<name>.
go_tool() {
  local name=$1 module=$2 dir="$cache/$1-${2##*@}"
  [ -x "$dir/$name" ] && return 0
  echo "building $name ${module##*@} from the Go module proxy (once)"
  local started=$SECONDS
  mkdir -p "$dir.partial"
  GOBIN="$dir.partial" GOFLAGS=-mod=mod go install "$module"
  rm -rf "$dir" && mv "$dir.partial" "$dir"
  echo "built $name in $((SECONDS - started)) s"
}
if [ "${1:-}" = --signing ]; then
  go_tool cosign "github.com/sigstore/cosign/v2/cmd/cosign@$COSIGN_VERSION"
  go_tool crane "github.com/google/go-containerregistry/cmd/crane@$GGCR_VERSION"
  go_tool registry "github.com/google/go-containerregistry/cmd/registry@$GGCR_VERSION"
fi
