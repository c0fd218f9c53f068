#!/usr/bin/env bash
# Builds zapsocket-examples if needed, then runs one of its main classes in the foreground.
# usage: scripts/run-example.sh <main-class> [args...]
# Several can start at once (e.g. the nodes of a demo cluster): the build is serialized by a lock and done once.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
main=$1; shift

find_jar() { ls zapsocket-examples/target/zapsocket-examples-*.jar 2>/dev/null | grep -v sources | head -1 || true; }
stale() {
  local jar
  jar=$(find_jar)
  [ -z "$jar" ] || [ ! -d zapsocket-examples/target/lib ] && return 0
  [ -n "$(find zapsocket-*/src zapsocket-*/pom.xml pom.xml -newer "$jar" -type f 2>/dev/null \
    | grep -v -e zapsocket-interop -e zapsocket-bench | head -1)" ]
}

if stale; then
  mkdir -p zapsocket-examples/target
  exec 9> zapsocket-examples/target/.run-example.lock
  flock 9
  if stale; then # another run-example may have built it while we waited
    echo "building zapsocket-examples..." >&2
    ./mvnw -q -B -pl zapsocket-examples -am package -DskipTests -DskipITs >&2
    # the jar plugin leaves an up-to-date jar alone: mark it as built now so the next start doesn't rebuild
    touch "$(find_jar)"
  fi
  flock -u 9
  exec 9>&-
fi
exec java ${JAVA_OPTS:-} -cp "$(find_jar):zapsocket-examples/target/lib/*" "$main" "$@"
