#!/bin/sh
# Installs the pinned npm packages of the sample's JS client test (package-lock.json) into node_modules/.
# The logic is shared: scripts/npm-install.sh (runs npm ci only when the lockfile changed).
d=$(cd "$(dirname "$0")" && pwd)
exec "$d/../../scripts/npm-install.sh" "$d"
