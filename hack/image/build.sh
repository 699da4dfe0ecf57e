#!/usr/bin/env bash
# `make image`: the controller as an OCI image archive, built FROM scratch with buildah (no daemon, no container
# runtime): Node's binary from the project's own npm package, the shared libraries `ldd` lists for it, the bundle
# (dist/aivenator.js, every dependency inside it), an /etc/passwd naming the non-root user and an empty /tmp. No
# shell, no package manager. Reproducible: file times and the creation time are fixed, so a clean clone builds the
# same digest. Writes dist/image/aivenator-<version>.oci.tar and prints its path.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

version=$(node -p "require('./package.json').version")
out=dist/image
archive="$out/aivenator-$version.oci.tar"
uid=65532
work=$(mktemp -d "${TMPDIR:-/tmp}/aivenator-image.XXXXXX")
trap 'buildah --root "$work/storage" --runroot "$work/run" --storage-driver vfs rm --all >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
rootfs="$work/rootfs"

# The code: one file, every npm dependency inside it.
install -D -m 0444 dist/aivenator.js "$rootfs/app/aivenator.js"
# Node and what its dynamic linker needs; nothing else.
node_binary=$(readlink -f node_modules/node/bin/node)
install -D -m 0555 "$node_binary" "$rootfs/bin/node"
strip --strip-debug "$rootfs/bin/node"
for library in $(ldd "$node_binary" | awk '$2 == "=>" { print $3 } $1 ~ /^\// { print $1 }'); do
  install -D -m 0555 "$(readlink -f "$library")" "$rootfs$library" # the dynamic linker must be executable
done
# A name for the user (tools that look one up), and a /tmp for Node should it need one (the root stays read-only).
install -d -m 0755 "$rootfs/etc"
printf 'root:x:0:0:root:/root:/sbin/nologin\nnonroot:x:%s:%s:nonroot:/nonexistent:/sbin/nologin\n' "$uid" "$uid" >"$rootfs/etc/passwd"
printf 'root:x:0:\nnonroot:x:%s:\n' "$uid" >"$rootfs/etc/group"
install -d -m 1777 "$rootfs/tmp"
find "$rootfs" -exec touch -h -d @0 {} +

buildah_() { buildah --root "$work/storage" --runroot "$work/run" --storage-driver vfs "$@"; }
container=$(buildah_ from scratch)
buildah_ add --quiet "$container" "$rootfs" / >/dev/null
buildah_ config \
  --entrypoint '["/bin/node", "/app/aivenator.js"]' --cmd '' \
  --user "$uid:$uid" --workingdir / \
  --env NODE_ENV=production \
  --os linux --arch amd64 --created-by 'hack/image/build.sh' \
  --label org.opencontainers.image.title=aivenator \
  --label org.opencontainers.image.version="$version" \
  --label org.opencontainers.image.licenses=MIT \
  "$container"
mkdir -p "$out"
rm -f "$archive"
buildah_ commit --quiet --format oci --timestamp 0 --disable-compression=false --rm "$container" "oci-archive:$archive:$version" >/dev/null
echo "$archive"
