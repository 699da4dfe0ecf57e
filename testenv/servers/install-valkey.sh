#!/usr/bin/env bash
# Valkey 8 for the credential proofs (e2e/real-valkey.e2e.test.ts), installed into the cache without touching apt's
# sources: bookworm has no Valkey, bookworm-backports has Valkey 8, and enabling backports system-wide would change
# what every later `apt-get install` on the machine picks. So the .debs come straight from the archive's pool and are
# unpacked with dpkg-deb into a directory of their own; their runtime libraries (libjemalloc2, liblzf1, ...) are in
# bookworm main and come from apt. The chain of trust is apt's: InRelease signed by the Debian archive keys (gpgv),
# the Packages index by its SHA256 in InRelease, each .deb by its SHA256 in the index.
# If Valkey 8 cannot be had, Redis 7 from bookworm (apt-get download, same unpacking) stands in, and says so.
#
#   testenv/servers/install-valkey.sh                install what is missing (a no-op when installed)
#   testenv/servers/install-valkey.sh --print-paths  print name=path of the server and the CLI (installed or not)
#
# The cache directory is keyed by the version asked for below; its `installed` file says what it holds.
set -euo pipefail

# The backports version asked for. When the archive has moved on (backports keeps only the newest), the newest
# Valkey 8 in the index is taken instead, with a note to update this line.
valkey_version='8.0.1+dfsg1-1~bpo12+1'
mirror=${AIVENATOR_DEBIAN_MIRROR:-http://deb.debian.org/debian}
suite=bookworm-backports
arch=$(dpkg --print-architecture)
keyring=/usr/share/keyrings/debian-archive-keyring.gpg

cache_root=${XDG_CACHE_HOME:-$HOME/.cache}/aivenator/servers
dir="$cache_root/valkey-$valkey_version"

if [ "${1:-}" = --print-paths ]; then
  printf 'valkey-server=%s\nvalkey-cli=%s\n' "$dir/bin/valkey-server" "$dir/bin/valkey-cli"
  exit 0
fi
[ $# -eq 0 ] || { echo "usage: $0 [--print-paths]" >&2; exit 2; }

log() { printf '[servers/valkey] %s\n' "$*" >&2; }

# A no-op when the server runs: that also proves its shared libraries are there.
if [ -f "$dir/installed" ] && "$dir/bin/valkey-server" --version >/dev/null 2>&1; then
  log "installed: $(cat "$dir/installed")"
  exit 0
fi

start=$(date +%s)
mkdir -p "$cache_root"
work=$(mktemp -d "$cache_root/.valkey.XXXXXX") # beside its final place, so the last step is a rename
chmod 755 "$work"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/root" "$work/bin"

apt_updated=false
apt_install() {
  local missing=()
  for package in "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "apt-get install ${missing[*]}"
  if ! $apt_updated; then apt-get update -qq && apt_updated=true; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

sha256_of() { sha256sum "$1" | cut -d' ' -f1; }

# index_field PACKAGE FIELD: FIELD of PACKAGE's stanza at $valkey_version in the index (empty when absent).
index_field() {
  awk -v p="$1" -v v="$valkey_version" -v f="$2:" '
    /^Package: / { pkg = $2 } /^Version: / { ver = $2 }
    $1 == f && pkg == p && ver == v { sub(/^[^:]*: /, ""); print; exit }
    /^$/ { pkg = ""; ver = "" }' "$work/Packages"
}

# Valkey 8 from bookworm-backports; returns non-zero when it cannot be had. Every step says `|| return 1`: set -e
# does not apply inside a function called as an `if` condition.
fetch_valkey() {
  curl -fsS --retry 2 -o "$work/InRelease" "$mirror/dists/$suite/InRelease" || return 1
  gpgv --quiet --keyring "$keyring" --output "$work/Release" "$work/InRelease" 2>/dev/null || {
    log "$suite InRelease: bad signature"
    return 1
  }
  local index="main/binary-$arch/Packages.xz" want
  want=$(awk -v f="$index" '/^SHA256:/ { s = 1; next } /^[^ ]/ { s = 0 } s && $3 == f { print $1 }' "$work/Release")
  curl -fsS --retry 2 -o "$work/Packages.xz" "$mirror/dists/$suite/$index" || return 1
  [ -n "$want" ] && [ "$(sha256_of "$work/Packages.xz")" = "$want" ] || { log "$index: checksum mismatch"; return 1; }
  xz -dc "$work/Packages.xz" >"$work/Packages" || return 1

  if [ -z "$(index_field valkey-tools Filename)" ]; then
    local newest
    newest=$(awk '/^Package: / { pkg = $2 } /^Version: / && pkg == "valkey-tools" && $2 ~ /^8\./ { print $2 }' \
      "$work/Packages" | sort -V | tail -1)
    [ -n "$newest" ] || { log "no Valkey 8 in $suite"; return 1; }
    log "$suite no longer has $valkey_version; taking $newest (update valkey_version in $0)"
    valkey_version=$newest
  fi

  local package file sha depends
  for package in valkey-tools valkey-server; do
    file=$(index_field "$package" Filename)
    sha=$(index_field "$package" SHA256)
    curl -fsS --retry 2 -o "$work/$package.deb" "$mirror/$file" || return 1
    [ "$(sha256_of "$work/$package.deb")" = "$sha" ] || { log "$file: checksum mismatch"; return 1; }
    dpkg-deb -x "$work/$package.deb" "$work/root" || return 1
  done
  # The libraries the binaries link against, from bookworm main (adduser only serves the package's own scripts).
  depends=$(index_field valkey-tools Depends | tr ',' '\n' | sed -E 's/\(.*\)//; s/\|.*//; s/ //g' | grep -v '^adduser$')
  # shellcheck disable=SC2086 # one package name per word
  apt_install $depends || return 1
  ln -s ../root/usr/bin/valkey-server "$work/bin/valkey-server"
  ln -s ../root/usr/bin/valkey-cli "$work/bin/valkey-cli"
  echo "valkey $valkey_version (Debian $suite)" >"$work/installed"
}

# Redis 7 from bookworm: the same unpacking, with apt-get download resolving the file names.
fetch_redis() {
  if ! $apt_updated; then apt-get update -qq && apt_updated=true; fi
  (cd "$work" && apt-get download -qq redis-server redis-tools >/dev/null)
  local deb
  for deb in "$work"/redis-*.deb; do dpkg-deb -x "$deb" "$work/root"; done
  apt_install libjemalloc2 liblzf1 libatomic1 libssl3 libsystemd0
  ln -s ../root/usr/bin/redis-server "$work/bin/valkey-server"
  ln -s ../root/usr/bin/redis-cli "$work/bin/valkey-cli"
  echo "redis $(dpkg-deb -f "$work"/redis-server_*.deb Version) (Debian bookworm; Valkey 8 could not be fetched)" \
    >"$work/installed"
}

if ! fetch_valkey; then
  log "Valkey 8 could not be fetched from $suite; falling back to Redis 7 from bookworm"
  rm -rf "$work/root" "$work/bin" && mkdir -p "$work/root" "$work/bin"
  fetch_redis
fi
"$work/bin/valkey-server" --version >/dev/null # the libraries resolve

rm -f "$work"/*.deb "$work"/Packages* "$work"/InRelease "$work"/Release
rm -rf "$dir"
mv "$work" "$dir"
trap - EXIT
log "installed $(cat "$dir/installed") in $(($(date +%s) - start)) s"
