#!/usr/bin/env bash
# The tools `make image` and the image test use, from Debian's packages: buildah (builds FROM scratch into an OCI
# archive, no daemon) and umoci (unpacks an image as a runtime would). Installed once; apt-get needs root, as on the
# machines this project is built and tested on.
set -euo pipefail
missing=()
command -v buildah >/dev/null || missing+=(buildah)
command -v umoci >/dev/null || missing+=(umoci)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ]; then
  echo "make image needs ${missing[*]}: install them (apt-get install ${missing[*]}) or run as root" >&2
  exit 1
fi
echo "installing ${missing[*]} from Debian's packages"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
