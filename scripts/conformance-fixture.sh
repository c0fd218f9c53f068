#!/usr/bin/env bash
# Runs, in the foreground, the server the official Engine.IO v4 / Socket.IO v5 conformance suites expect:
# raw Engine.IO echo at /engine.io/ and the Socket.IO fixture at /socket.io/, on one port (default 3000).
# usage: scripts/conformance-fixture.sh [port]
exec "$(dirname "$0")/run-example.sh" io.zapsocket.examples.fixture.ConformanceFixture "${1:-3000}"
