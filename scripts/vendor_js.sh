#!/usr/bin/env bash
# Refresh the JavaScript vendored into kgraph's offline graph viewer.
#
# Fetches exact versions from the npm registry with `npm pack` (npm checks
# each tarball against the registry's integrity hash), copies the minified
# UMD builds and their licences into kgraph/viewer/vendor/, and records
# versions and SHA-256 sums in kgraph/viewer/vendor/VERSIONS.
#
# Usage: scripts/vendor_js.sh        (needs node/npm and the npm registry)
# To upgrade, change a version below, run this, then run the browser tests.
set -euo pipefail

SIGMA_VERSION="3.0.3"
GRAPHOLOGY_VERSION="0.26.0"

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dest="$root/kgraph/viewer/vendor"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cd "$work"
npm pack --silent --json "sigma@$SIGMA_VERSION" "graphology@$GRAPHOLOGY_VERSION" > packed.json
for name in sigma graphology; do
    mkdir "$name"
    tar -xzf "$name"-*.tgz -C "$name" --strip-components=1
done

mkdir -p "$dest"
cp sigma/dist/sigma.min.js "$dest/sigma.min.js"
cp sigma/LICENSE.txt "$dest/LICENSE-sigma.txt"
cp graphology/dist/graphology.umd.min.js "$dest/graphology.umd.min.js"
cp graphology/LICENSE.txt "$dest/LICENSE-graphology.txt"

# The files are inlined into <script> elements: they must not close one.
if grep -qiE '</script|<!--' "$dest/sigma.min.js" "$dest/graphology.umd.min.js"; then
    echo "vendor_js.sh: a vendored file contains '</script' or '<!--'; it cannot be inlined" >&2
    exit 1
fi

integrity() {  # the registry's integrity string for a packed tarball
    node -e 'const p = require("./packed.json"); const e = p.find((x) => x.name === process.argv[1]); console.log(e.integrity);' "$1"
}

cd "$dest"
{
    echo "# Vendored JavaScript of kgraph's graph viewer; written by scripts/vendor_js.sh."
    echo "# package version licence npm-integrity"
    echo "sigma $SIGMA_VERSION MIT $(cd "$work" && integrity sigma)"
    echo "graphology $GRAPHOLOGY_VERSION MIT $(cd "$work" && integrity graphology)"
    echo "# sha256 file"
    sha256sum sigma.min.js graphology.umd.min.js LICENSE-sigma.txt LICENSE-graphology.txt
} > VERSIONS
ls -l "$dest"
