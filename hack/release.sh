#!/usr/bin/env bash
# `make release`: what a release publishes, in one folder (dist/release/aivenator-<version>/, or $RELEASE_DIR):
#   aivenator-<version>.tgz, aivenator-crds-<version>.tgz   the charts, as `helm package` makes them
#   aivenator-<version>.oci.tar                             the image archive `make image` built
#   aivenator-<version>.cdx.json                            its CycloneDX SBOM (`make sbom`)
#   SHA256SUMS                                              a checksum per file
#   <file>.sig for each of the above, cosign.pub            cosign signatures (sign-blob) and the key that verifies them
# The signing key: COSIGN_KEY, a key file or a KMS URI (cosign generate-key-pair makes a file), with COSIGN_PASSWORD
# for a file. Signatures go to Sigstore's transparency log unless RELEASE_TLOG=false (an offline or private release).
# Publishing the image (push, `cosign sign`, `cosign attest --type cyclonedx`) needs the registry: README, "The image".
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=image/versions.env
source hack/image/versions.env

if [ -z "${COSIGN_KEY:-}" ]; then
  echo "make release signs what it publishes: set COSIGN_KEY to a cosign key file or KMS URI" \
    "(cosign generate-key-pair makes one) and COSIGN_PASSWORD to its password" >&2
  exit 2
fi
cosign="${XDG_CACHE_HOME:-$HOME/.cache}/aivenator/tools/cosign-$COSIGN_VERSION/cosign"
helm=$(bash testenv/build.sh --print-paths | sed -n 's/^helm=//p')
version=$(node -p "require('./package.json').version")
out=${RELEASE_DIR:-dist/release/aivenator-$version}
tlog=${RELEASE_TLOG:-true}

for file in "$cosign" "$helm" "dist/image/aivenator-$version.oci.tar" "dist/image/aivenator-$version.cdx.json"; do
  [ -e "$file" ] || { echo "$file is missing: run make release (it builds what it needs)" >&2; exit 1; }
done

rm -rf "$out" && mkdir -p "$out"
"$helm" package charts/aivenator charts/aivenator-crds --destination "$out" >/dev/null
cp "dist/image/aivenator-$version.oci.tar" "dist/image/aivenator-$version.cdx.json" "$out/"
(cd "$out" && sha256sum -- *.tgz *.oci.tar *.cdx.json >SHA256SUMS)

"$cosign" public-key --key "$COSIGN_KEY" >"$out/cosign.pub"
for file in "$out"/*.tgz "$out"/*.oci.tar "$out"/*.cdx.json "$out/SHA256SUMS"; do
  # cosign's progress goes to stderr; shown only when it fails.
  if ! failure=$("$cosign" sign-blob --yes --key "$COSIGN_KEY" --tlog-upload="$tlog" \
    --output-signature "$file.sig" "$file" 2>&1 >/dev/null); then
    echo "signing $file failed: $failure" >&2
    exit 1
  fi
done
echo "$out:"
(cd "$out" && ls -1)
