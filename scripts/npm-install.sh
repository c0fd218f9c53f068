#!/bin/sh
# Installs the pinned npm packages of one folder (its package-lock.json) into its node_modules/.
# Runs `npm ci` only when node_modules/ is missing or was installed from a different lockfile, package.json or
# Node major version (hash kept in node_modules/.zapsocket-install-stamp). Never downloads a browser
# (PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: the browser tests drive Debian's chromium).
# usage: scripts/npm-install.sh <folder with package-lock.json>
set -eu
cd "${1:?usage: npm-install.sh <folder>}"

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "npm-install.sh: node and npm must be on PATH (Node >= 20)" >&2
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
  echo "npm-install.sh: $(pwd)/node_modules up to date"
  exit 0
fi

echo "npm-install.sh: npm ci in $(pwd)"
PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --prefer-offline
printf '%s' "$want" > "$stamp"
