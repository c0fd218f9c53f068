#!/usr/bin/env bash
# Benchmarks of issue #6: every scenario against socket.io + ws, socket.io + uWebSockets.js, a bare Netty floor and
# Zap-Socket, in one run. Each server runs pinned to core 0 (taskset -c 0), the load generator to core 1; every server
# gets the same warm-up; 3 repetitions, medians, ratios. Writes docs/benchmarks/{results.json,results.md,*.png}.
#
#   scripts/bench.sh                 full run (~25 min before issue 20; its scenarios and cold storms add an estimated 15 min); first waits up to 40 min for a quiet machine (load < 0.5)
#   scripts/bench.sh --quick         harness check in a few minutes, written to zapsocket-bench/target/bench-quick
#   scripts/bench.sh --jmh [ARGS]    JMH micro-benchmarks (codec, broadcast encoding); ARGS go to JMH
#   scripts/bench.sh --guard         regression guard (~2-3 min, Zap-Socket only, no waiting): storm-1000, echo-closed,
#                                    binary-echo-64k, fanout-1000, polling; prints each figure's ratio to a baseline and
#                                    exits 3 when one got worse by more than the threshold. --baseline=FILE (default
#                                    docs/benchmarks/guard-baseline.json, else docs/benchmarks/results.json),
#                                    --threshold=0.2; --save-baseline writes this run to docs/benchmarks/guard-baseline.json
#   scripts/bench.sh --webtransport  echo+ack over WebSocket and WebTransport against one Zap-Socket server, same run
#                                    (WebTransportEchoBench, zapsocket-webtransport; ~1 min; prints a table)
#   options: --no-wait (don't wait for a quiet machine), --out=DIR, --reps=N, --servers=a,b (zap, netty-floor,
#            node-ws, node-uws; node-uws-deflate: socket.io + uWS.js with its room publish compressed (deflate-fanout); zap-epoll / zap-uring: Zap-Socket with ioTransport EPOLL / IO_URING; netty-floor-uring: the floor on io_uring; zap-metrics: Zap-Socket with ZapSocketMetrics on a Prometheus registry; zap-sync: Zap-Socket with the sync layer (adds stream-fanout-1000, presence-churn); zap-base: Zap-Socket from another build, classpath in BENCH_ZAP_BASE_CP, for A/B
#            runs), --scenarios=a,b (only these scenarios; a name selects its sizes/rates: fanout, echo-open-30000,
#            storm, echo-closed, sse-fanout, echo-msgpack, polling, idle, cluster-idle, cluster-fanout, cluster-fanout-rc, deflate-fanout; issue 20: storm-cold-10000,
#            binary-echo-64k, polling-fanout-1000, fanout-1000-16k), --note=TEXT (added to the report),
#            --cold-servers=a,b (the servers of storm-cold-10000; default: --servers plus zap-lean, zap-25, zap-aot, zap-lean-aot; JDK 25 from
#            BENCH_JAVA25, default /usr/lib/jvm/temurin-25-jdk-amd64/bin/java), zap-vt/zap-25 in --servers: echo with handlers on
#            virtual threads / on the loop, both on JDK 25,
#            --gen-mode=ordinary|batched|both (default both: ordinary clients write every frame on its own, the
#            plain rows; the batching generator's rows end in -batched)
#
# Needs: JDK 17+, Node 20 + npm (the reference servers are installed from zapsocket-bench/node/package-lock.json),
# taskset (util-linux), 2 cores. Opens up to ~19 000 connections per process: RLIMIT_NOFILE must allow 20 000.
# Scenario cluster-idle (--scenarios=cluster-idle; Zap-Socket only, ~1.5-2.5 min) holds 209 000 idle WebSockets with 11 server and 11 generator processes
# (19 000 each: the fd limit is per process) and needs ~5 GiB of memory.
# Scenarios cluster-fanout-1/-2/-4 (--scenarios=cluster-fanout; zap, node-ws, node-uws): 1, 2, 4 server processes on
# one redis-server (redis-server 7+ on PATH; started on a free port, never 6379), 1 000 subscribers per node, the
# publisher on node 0; Zap-Socket on RedisAdapters.sharded, socket.io on @socket.io/redis-adapter's sharded adapter.
# Scenarios cluster-fanout-rc-1/-2/-4 (--scenarios=cluster-fanout-rc; also selected by cluster-fanout): the same on a
# local Redis Cluster of 3 masters, no replicas (redis-server + redis-cli 7+; free ports), pinned with the servers;
# Zap-Socket on RedisAdapterOptions.clusterBuilder, socket.io on createShardedAdapter over createCluster.
set -euo pipefail
cd "$(dirname "$0")/.."

mode=full
save_baseline=0
wait_quiet=1
out=docs/benchmarks
suite_args=()
jmh_args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) mode=quick; wait_quiet=0; out=zapsocket-bench/target/bench-quick ;;
    --jmh) mode=jmh; shift; jmh_args=("$@"); break ;;
    --webtransport) mode=webtransport ;;
    --no-wait) wait_quiet=0 ;;
    --guard) mode=guard; wait_quiet=0; out=zapsocket-bench/target/bench-guard; suite_args+=("$1") ;;
    --save-baseline) save_baseline=1 ;;
    --out=*) out="${1#--out=}" ;;
    *) suite_args+=("$1") ;;
  esac
  shift
done

if [ "$mode" = webtransport ]; then
  exec ./mvnw -B -ntp -pl zapsocket-webtransport -am test -DskipITs -Dtest=WebTransportEchoBench \
    -Dzapsocket.bench=true -Dleak.level=disabled -Dsurefire.failIfNoSpecifiedTests=false
fi

echo "== building zapsocket-bench"
./mvnw -B -ntp -q -pl zapsocket-bench -am package -DskipTests
cp="zapsocket-bench/target/classes:$(cat zapsocket-bench/target/bench.classpath)"

if [ "$mode" = jmh ]; then
  [ ${#jmh_args[@]} -gt 0 ] || jmh_args=(-f 1 -wi 3 -w 2s -i 5 -r 2s)
  exec taskset -c 1 java -cp "$cp" org.openjdk.jmh.Main "${jmh_args[@]}"
fi

servers_arg=$(printf '%s\n' "${suite_args[@]+"${suite_args[@]}"}" | grep '^--servers=' || true)
if [ "$mode" != guard ] && { [ -z "$servers_arg" ] || [[ "$servers_arg" == *node-* ]]; }; then
  echo "== installing the Node reference servers"
  sh zapsocket-bench/node/install.sh
fi

limit=$(ulimit -n)
if [ "$limit" != unlimited ] && [ "$limit" -lt 20000 ]; then
  ulimit -n 20000 2>/dev/null || echo "warning: ulimit -n is $limit; the 10 000 / 19 000-connection scenarios need 20 000" >&2
fi

note=""
if [ "$wait_quiet" = 1 ]; then
  echo "== waiting for a quiet machine (1-minute load < 0.5, at most 40 min)"
  waited=0
  while :; do
    load=$(cut -d' ' -f1 /proc/loadavg)
    if awk -v l="$load" 'BEGIN { exit !(l < 0.5) }'; then break; fi
    if [ "$waited" -ge 2400 ]; then
      note="The machine never got quiet (1-minute load $load after 40 min of waiting): this run was on a busy machine."
      echo "warning: $note" >&2
      break
    fi
    sleep 30; waited=$((waited + 30))
  done
fi

mkdir -p "$out"
[ "$mode" = quick ] && suite_args=(--quick "${suite_args[@]}")
[ -n "$note" ] && suite_args+=("--note=$note")
echo "== running the $mode suite into $out"
if [ "$mode" = guard ]; then
  rc=0
  taskset -c 1 java -Xms512m -Xmx3g -XX:+UseSerialGC -Dio.netty.leakDetection.level=disabled -cp "$cp" \
    io.zapsocket.bench.suite.BenchSuite --out="$out" --node-dir=zapsocket-bench/node "${suite_args[@]}" || rc=$?
  if [ "$save_baseline" = 1 ] && [ -f "$out/results.json" ] && [ "$rc" != 1 ]; then
    cp "$out/results.json" docs/benchmarks/guard-baseline.json
    echo "== saved $out/results.json as docs/benchmarks/guard-baseline.json (the guard's default baseline)"
    rc=0
  fi
  exit $rc
fi
exec taskset -c 1 java -Xms512m -Xmx3g -XX:+UseSerialGC -Dio.netty.leakDetection.level=disabled -cp "$cp" \
  io.zapsocket.bench.suite.BenchSuite --out="$out" --node-dir=zapsocket-bench/node "${suite_args[@]}"
