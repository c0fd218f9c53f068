#!/bin/sh
# Puts the official browser client (socket.io-client's dist/ files, its LICENSE and a VERSION file) into
# <out>/io/zapsocket/server/client-dist/, from the npm package of the pinned version, checked against the pinned
# integrity hash (sha512, as in a package-lock.json). Skips the download when <out> already holds that version.
# Called by the Maven build (phase generate-resources); safe to run by hand.
# usage: fetch-client-dist.sh <version> <sha512-integrity> <out-dir>
set -eu
version=$1
integrity=$2
out=$3
dest="$out/io/zapsocket/server/client-dist"
stamp="$out/.client-dist-stamp"

if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$version $integrity" ] && [ -f "$dest/socket.io.min.js" ]; then
  exit 0
fi
if ! command -v npm >/dev/null 2>&1 || ! command -v node >/dev/null 2>&1; then
  echo "fetch-client-dist.sh: node and npm must be on PATH to fetch socket.io-client@$version" >&2
  exit 1
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack "socket.io-client@$version" --silent --prefer-offline --pack-destination "$tmp" >/dev/null)
tgz="$tmp/socket.io-client-$version.tgz"
actual=$(node -e '
  const h = require("crypto").createHash("sha512").update(require("fs").readFileSync(process.argv[1]));
  process.stdout.write("sha512-" + h.digest("base64"));
' "$tgz")
if [ "$actual" != "$integrity" ]; then
  echo "fetch-client-dist.sh: socket.io-client@$version has integrity $actual, expected $integrity" >&2
  exit 1
fi

tar -xzf "$tgz" -C "$tmp" package/dist package/LICENSE package/package.json
rm -rf "$dest"
mkdir -p "$dest"
for f in socket.io.js socket.io.min.js socket.io.esm.min.js socket.io.msgpack.min.js; do
  cp "$tmp/package/dist/$f" "$tmp/package/dist/$f.map" "$dest/"
done
cp "$tmp/package/LICENSE" "$dest/LICENSE"
node -e 'process.stdout.write(require(process.argv[1]).version + "\n")' "$tmp/package/package.json" > "$dest/VERSION"
printf '%s' "$version $integrity" > "$stamp"
echo "fetch-client-dist.sh: socket.io-client@$version -> $dest"
