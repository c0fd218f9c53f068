#!/bin/sh
# Installs the pinned npm packages of the demo's browser tests (package-lock.json: playwright-core, which drives
# Debian's chromium and downloads no browser) into node_modules/. Runs `npm ci` only when node_modules/ is
# missing or was installed from a different lockfile, package.json or Node major version (hash kept in
# node_modules/.zapsocket-install-stamp). Called by the Maven build (phase generate-test-resources); safe to run
# by hand.
set -eu
cd "$(dirname "$0")"

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "install.sh: node and npm must be on PATH (Node >= 20)" >&2
  exit 1
fi

want=$(node -e '
  const crypto = require("crypto"), fs = require("fs");
  const h = crypto.createHash("sha256");
  for (const f of ["package.json", "package-lock.json"]) h.update(fs.readFileSync(f));
  h.update(process.versions.node.split(".")[0]);
  process.stdout.write(h.digest("hex"));
')
stamp=node_modules/.zapsocket-install-stamp

if [ -f node_modules/.package-lock.json ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  echo "install.sh: node_modules up to date"
  exit 0
fi

echo "install.sh: npm ci in $(pwd)"
PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --prefer-offline
printf '%s' "$want" > "$stamp"
