#!/usr/bin/env bash
# Runs the demo (shared todos + chat) in the foreground: open http://localhost:3000 in two browser windows.
# usage: scripts/run-demo.sh [--port 3000] [--host 0.0.0.0]
# (--redis URL is accepted for the clustered mode, which is not available yet: it stops with a message.)
exec "$(dirname "$0")/run-example.sh" io.zapsocket.examples.demo.DemoServer "$@"
