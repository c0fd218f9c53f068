#!/usr/bin/env bash
# Runs the official Engine.IO v4 and Socket.IO v5 conformance suites against scripts/conformance-fixture.sh.
# The suites are socket.io's code and are not part of this repository: pass the folder that holds them, i.e. a
# checkout (or extract) of socket.io's repository containing docs/engine.io-protocol/v4-test-suite and
# docs/socket.io-protocol/v5-test-suite.
# usage: scripts/official-suites.sh <socket.io-checkout> [runs=1]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
src=${1:?usage: scripts/official-suites.sh <socket.io-checkout> [runs]}
runs=${2:-1}
suites=("$src/docs/engine.io-protocol/v4-test-suite" "$src/docs/socket.io-protocol/v5-test-suite")
for s in "${suites[@]}"; do
  [ -f "$s/test-suite.js" ] || { echo "no suite at $s" >&2; exit 2; }
  [ -d "$s/node_modules" ] || (cd "$s" && npm ci --no-audit --no-fund >/dev/null)
done
if ss -ltn | grep -q ':3000 '; then echo "port 3000 is busy (the suites hard-code localhost:3000)" >&2; exit 2; fi
"$root/scripts/conformance-fixture.sh" 3000 > "${TMPDIR:-/tmp}/zapsocket-fixture.log" 2>&1 &
fixture=$!
trap 'kill $fixture 2>/dev/null; wait $fixture 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do ss -ltn | grep -q ':3000 ' && break; sleep 1; done
failed=0
for i in $(seq 1 "$runs"); do
  for s in "${suites[@]}"; do
    if out=$(cd "$s" && npx mocha test-suite.js 2>&1); then
      echo "run $i $(basename "$(dirname "$s")"): $(echo "$out" | grep -E 'passing' | xargs)"
    else
      failed=1
      echo "run $i $(basename "$(dirname "$s")"): FAILED"; echo "$out" | tail -40
    fi
  done
done
exit $failed
