#!/usr/bin/env bash
# The real servers the credential proofs run behind the Aiven simulator (README, "Proofs against real servers"):
#   testenv/servers/install.sh postgres valkey    what `make test` needs
#   testenv/servers/install.sh kafka              what `make kafka` needs
# Each name runs install-<name>.sh beside this file: Debian packages with apt (as root, as on the machines this
# project is built and tested on), other downloads into the cache, keyed by version, so a second run is a no-op.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
[ $# -gt 0 ] || { echo "usage: $0 postgres|valkey|kafka ..." >&2; exit 2; }
for name in "$@"; do
  script="$here/install-$name.sh"
  [ -f "$script" ] || { echo "no installer for $name ($script)" >&2; exit 2; }
  bash "$script"
done
