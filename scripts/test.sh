#!/usr/bin/env bash
# The whole test suite: unit tests, end-to-end tests against the official clients (Node socket.io-client, installed
# by the build into zapsocket-interop/node/node_modules; io.socket Java client), all with Netty's paranoid leak
# detection. Then the Spring Boot modules against Boot 4.0, and the unit tests again on JDK 25 when it is installed.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -ntp verify "$@"
echo "== the Spring Boot modules again, against Spring Boot 4.0 (-Pspring-boot-4; the build above used Boot 3.5)"
./mvnw -B -ntp -Pspring-boot-4 -pl zapsocket-spring-boot-sample -am verify -Dmaven.javadoc.skip=true \
  -Dtest='io.zapsocket.spring.**.*Test' -Dit.test='io.zapsocket.spring.**.*IT' \
  -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false "$@"
jdk25=${JDK25_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
if [ -x "$jdk25/bin/java" ]; then
  echo "== unit tests on $("$jdk25/bin/java" -version 2>&1 | head -1)"
  JAVA_HOME="$jdk25" ./mvnw -B -ntp -pl zapsocket-protocol,zapsocket-server,zapsocket-client -am test "$@"
else
  echo "== JDK 25 not found at $jdk25: skipping the second unit-test run"
fi
