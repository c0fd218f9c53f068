#!/usr/bin/env bash
# Runs the demo (shared todos + chat) in the foreground: open http://localhost:3000 in two browser windows.
# usage: scripts/run-demo.sh [--port 3000] [--host 0.0.0.0] [--redis redis://host:port[/db]]
# With --redis the process is one node of a cluster: start several on other ports with the same Redis URL
# (see the README, "Run the demo on several nodes"). Arguments are passed through to DemoServer.
exec "$(dirname "$0")/run-example.sh" io.zapsocket.examples.demo.DemoServer "$@"
