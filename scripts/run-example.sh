#!/usr/bin/env bash
# Builds zapsocket-examples if needed, then runs one of its main classes in the foreground.
# usage: scripts/run-example.sh <main-class> [args...]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
main=$1; shift
jar=$(ls zapsocket-examples/target/zapsocket-examples-*.jar 2>/dev/null | grep -v sources | head -1 || true)
stale=
if [ -z "$jar" ] || [ ! -d zapsocket-examples/target/lib ]; then
  stale=1
elif [ -n "$(find zapsocket-*/src zapsocket-*/pom.xml pom.xml -newer "$jar" -type f 2>/dev/null | grep -v -e zapsocket-interop -e zapsocket-bench | head -1)" ]; then
  stale=1
fi
if [ -n "$stale" ]; then
  echo "building zapsocket-examples..." >&2
  ./mvnw -q -B -pl zapsocket-examples -am package -DskipTests -DskipITs >&2
  jar=$(ls zapsocket-examples/target/zapsocket-examples-*.jar | grep -v sources | head -1)
fi
exec java ${JAVA_OPTS:-} -cp "$jar:zapsocket-examples/target/lib/*" "$main" "$@"
