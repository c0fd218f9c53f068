package io.zapsocket.bench.suite;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

/** Writes results.json, results.md (tables, targets) and PNG bar charts. */
final class Report {
    private static final Map<String, String> LABELS = Map.ofEntries(Map.entry("zap", "Zap-Socket"),
            Map.entry("zap-base", "Zap-Socket (base)"), Map.entry("zap-metrics", "Zap-Socket + metrics"),
            Map.entry("zap-sync", "Zap-Socket + sync"), Map.entry("netty-floor", "bare Netty (floor)"),
            Map.entry("node-ws", "socket.io + ws"), Map.entry("node-uws", "socket.io + uWS.js"),
            Map.entry("zap-lean", "Zap, lean JVM"), Map.entry("zap-25", "Zap, JDK 25"),
            Map.entry("zap-aot", "Zap, JDK 25 + AOT"), Map.entry("zap-lean-aot", "Zap, JDK 25 + AOT, lean JVM"),
            Map.entry("zap-vt", "Zap, JDK 25, virtual threads"),
            Map.entry("node-uws-deflate", "socket.io + uWS.js, publish compressed"),
            Map.entry("zap-epoll", "Zap-Socket on epoll"), Map.entry("zap-uring", "Zap-Socket on io_uring"),
            Map.entry("netty-floor-uring", "bare Netty on io_uring"));
    private static final Map<String, Color> COLORS = Map.ofEntries(Map.entry("zap", new Color(0xD9480F)),
            Map.entry("zap-metrics", new Color(0xAE3EC9)), Map.entry("zap-sync", new Color(0x7048E8)),
            Map.entry("zap-base", new Color(0xF59F00)), Map.entry("netty-floor", new Color(0x868E96)),
            Map.entry("node-ws", new Color(0x1C7ED6)), Map.entry("node-uws", new Color(0x37B24D)),
            Map.entry("zap-lean", new Color(0xE8590C)), Map.entry("zap-25", new Color(0xC2255C)),
            Map.entry("zap-aot", new Color(0xF783AC)), Map.entry("zap-lean-aot", new Color(0x862E9C)),
            Map.entry("zap-vt", new Color(0x5C940D)),
            Map.entry("node-uws-deflate", new Color(0x2B8A3E)), Map.entry("zap-epoll", new Color(0xFD7E14)),
            Map.entry("zap-uring", new Color(0xA61E4D)), Map.entry("netty-floor-uring", new Color(0x495057)));

    /** One table row: a metric of a scenario. */
    private record Row(String scenario, String metric, String label, boolean higherIsBetter, boolean rate) {
    }

    private static final List<Row> ROWS = List.of(
            new Row("storm-1000", "handshakesPerSec", "connect storm 1 000: handshakes/s", true, true),
            new Row("storm-10000", "handshakesPerSec", "connect storm 10 000: handshakes/s", true, true),
            new Row("storm-10000", "serverCpuUsPerHandshake", "connect storm 10 000: server CPU µs/handshake", false, false),
            new Row("storm-10000", "rssPerConnectionKB", "memory at 10 000 connections: RSS KB/connection", false, false),
            new Row("storm-10000", "heapPerConnectionKB", "memory at 10 000 connections: heap KB/connection", false, false),
            new Row("echo-closed", "roundTripsPerSec", "echo+ack, closed loop 100×4: round trips/s", true, true),
            new Row("echo-closed", "serverCpuUsPerRoundTrip", "echo+ack, closed loop: server CPU µs/round trip", false, false),
            new Row("echo-closed", "latencyP99Ms", "echo+ack, closed loop: p99 ms", false, false),
            new Row("echo-open-10000", "latencyP50Ms", "echo+ack, open loop 10 000/s: p50 ms", false, false),
            new Row("echo-open-10000", "latencyP99Ms", "echo+ack, open loop 10 000/s: p99 ms", false, false),
            new Row("echo-open-10000", "latencyP999Ms", "echo+ack, open loop 10 000/s: p99.9 ms", false, false),
            new Row("echo-open-30000", "roundTripsPerSec", "echo+ack, open loop 30 000/s: achieved/s", true, true),
            new Row("echo-open-30000", "latencyP50Ms", "echo+ack, open loop 30 000/s: p50 ms", false, false),
            new Row("echo-open-30000", "latencyP99Ms", "echo+ack, open loop 30 000/s: p99 ms", false, false),
            new Row("echo-open-30000", "latencyP999Ms", "echo+ack, open loop 30 000/s: p99.9 ms", false, false),
            new Row("echo-open-30000", "serverCpuUsPerRoundTrip", "echo+ack, open loop 30 000/s: server CPU µs/round trip", false, false),
            new Row("echo-open-30000", "hiccupP99Ms", "echo+ack, open loop 30 000/s: generator-core hiccups p99 ms", false, false),
            new Row("echo-open-30000", "hiccupP999Ms", "echo+ack, open loop 30 000/s: hiccups, p99.9 ms", false, false),
            new Row("fanout-1000", "deliveriesPerSec", "fan-out to 1 000, 100 B: deliveries/s", true, true),
            new Row("fanout-1000", "serverCpuUsPerDelivery", "fan-out to 1 000: server CPU µs/delivery", false, false),
            new Row("fanout-1000", "deliveryP99Ms", "fan-out to 1 000: delivery p99 ms (saturated)", false, false),
            new Row("fanout-10000", "deliveriesPerSec", "fan-out to 10 000, 100 B: deliveries/s", true, true),
            new Row("fanout-10000", "serverCpuUsPerDelivery", "fan-out to 10 000: server CPU µs/delivery", false, false),
            new Row("fanout-10000", "deliveryP99Ms", "fan-out to 10 000: delivery p99 ms (saturated)", false, false),
            new Row("echo-closed-batched", "roundTripsPerSec", "echo+ack, closed loop, batching generator: round trips/s", true, true),
            new Row("echo-closed-batched", "serverCpuUsPerRoundTrip", "echo+ack, closed loop, batching generator: server CPU µs/round trip", false, false),
            new Row("fanout-1000-batched", "deliveriesPerSec", "fan-out to 1 000, batching generator: deliveries/s", true, true),
            new Row("fanout-1000-batched", "serverCpuUsPerDelivery", "fan-out to 1 000, batching generator: server CPU µs/delivery", false, false),
            new Row("fanout-10000-batched", "deliveriesPerSec", "fan-out to 10 000, batching generator: deliveries/s", true, true),
            new Row("fanout-10000-batched", "serverCpuUsPerDelivery", "fan-out to 10 000, batching generator: server CPU µs/delivery", false, false),
            new Row("sse-fanout-1000", "deliveriesPerSec", "SSE fan-out to 1 000 subscribers, 100 B: deliveries/s", true, true),
            new Row("sse-fanout-1000", "serverCpuUsPerDelivery", "SSE fan-out to 1 000: server CPU µs/delivery", false, false),
            new Row("sse-fanout-1000", "deliveryP99Ms", "SSE fan-out to 1 000: delivery p99 ms (saturated)", false, false),
            new Row("echo-msgpack", "roundTripsPerSec", "msgpack parser: echo+ack, closed loop 100×4: round trips/s", true, true),
            new Row("echo-msgpack", "serverCpuUsPerRoundTrip", "msgpack parser: echo+ack, closed loop: server CPU µs/round trip", false, false),
            new Row("fanout-1000-msgpack", "deliveriesPerSec", "msgpack parser: fan-out to 1 000, 100 B: deliveries/s", true, true),
            new Row("fanout-1000-msgpack", "serverCpuUsPerDelivery", "msgpack parser: fan-out to 1 000: server CPU µs/delivery", false, false),
            new Row("deflate-fanout-1000-1k", "deliveriesPerSec", "permessage-deflate fan-out to 1 000, 1 KB JSON: deliveries/s", true, true),
            new Row("deflate-fanout-1000-1k", "serverCpuUsPerDelivery", "permessage-deflate fan-out to 1 000, 1 KB JSON: server CPU µs/delivery", false, false),
            new Row("deflate-fanout-1000-16k", "deliveriesPerSec", "permessage-deflate fan-out to 1 000, 16 KB JSON: deliveries/s", true, true),
            new Row("deflate-fanout-1000-16k", "serverCpuUsPerDelivery", "permessage-deflate fan-out to 1 000, 16 KB JSON: server CPU µs/delivery", false, false),
            new Row("polling", "roundTripsPerSec", "polling echo+ack, 100 clients: round trips/s", true, true),
            new Row("polling", "serverCpuUsPerRoundTrip", "polling echo+ack: server CPU µs/round trip", false, false),
            new Row("polling", "latencyP99Ms", "polling echo+ack: p99 ms", false, false),
            new Row("idle", "aliveAfterHold", "idle WebSockets held through heartbeats", true, false),
            new Row("idle", "rssPerConnectionKB", "idle WebSockets: RSS KB/connection", false, false),
            new Row("idle", "heapPerConnectionKB", "idle WebSockets: heap KB/connection", false, false),
            new Row("cluster-idle", "aliveAfterHold", "idle WebSockets held through heartbeats, several processes ‡",
                    true, false),
            new Row("cluster-idle", "totalServerRssMB", "idle WebSockets, several processes ‡: total server RSS MB",
                    false, false),
            new Row("cluster-idle", "rssPerConnectionKB", "idle WebSockets, several processes ‡: RSS KB/connection",
                    false, false),
            new Row("cluster-idle", "heapPerConnectionKB", "idle WebSockets, several processes ‡: heap KB/connection",
                    false, false),
            new Row("cluster-idle", "kernelSlabPerConnectionBothEndsKB",
                    "idle WebSockets, several processes ‡: kernel slab KB/connection (both loopback ends)", false, false),
            new Row("cluster-idle", "serverCpuShareIdle",
                    "idle WebSockets, several processes ‡: server CPU share while idle", false, false),
            new Row("cluster-fanout-1", "deliveriesPerSec", "cluster fan-out, 1 node(s) on one Redis, 1 000 subscribers/node: deliveries/s", true, true),
            new Row("cluster-fanout-1", "crossNodeDeliveriesPerSec", "cluster fan-out, 1 node(s): cross-node deliveries/s", true, true),
            new Row("cluster-fanout-1", "serverCpuUsPerDelivery", "cluster fan-out, 1 node(s): server CPU µs/delivery (sum of nodes)", false, false),
            new Row("cluster-fanout-1", "redisCpuUsPerMessage", "cluster fan-out, 1 node(s): Redis CPU µs/message", false, false),
            new Row("cluster-fanout-2", "deliveriesPerSec", "cluster fan-out, 2 node(s) on one Redis, 1 000 subscribers/node: deliveries/s", true, true),
            new Row("cluster-fanout-2", "crossNodeDeliveriesPerSec", "cluster fan-out, 2 node(s): cross-node deliveries/s", true, true),
            new Row("cluster-fanout-2", "serverCpuUsPerDelivery", "cluster fan-out, 2 node(s): server CPU µs/delivery (sum of nodes)", false, false),
            new Row("cluster-fanout-2", "redisCpuUsPerMessage", "cluster fan-out, 2 node(s): Redis CPU µs/message", false, false),
            new Row("cluster-fanout-4", "deliveriesPerSec", "cluster fan-out, 4 node(s) on one Redis, 1 000 subscribers/node: deliveries/s", true, true),
            new Row("cluster-fanout-4", "crossNodeDeliveriesPerSec", "cluster fan-out, 4 node(s): cross-node deliveries/s", true, true),
            new Row("cluster-fanout-4", "serverCpuUsPerDelivery", "cluster fan-out, 4 node(s): server CPU µs/delivery (sum of nodes)", false, false),
            new Row("cluster-fanout-4", "redisCpuUsPerMessage", "cluster fan-out, 4 node(s): Redis CPU µs/message", false, false),
            new Row("cluster-fanout-rc-1", "deliveriesPerSec", "cluster fan-out, 1 node(s) on a Redis Cluster (3 masters), 1 000 subscribers/node: deliveries/s", true, true),
            new Row("cluster-fanout-rc-1", "crossNodeDeliveriesPerSec", "cluster fan-out on a Redis Cluster, 1 node(s): cross-node deliveries/s", true, true),
            new Row("cluster-fanout-rc-1", "serverCpuUsPerDelivery", "cluster fan-out on a Redis Cluster, 1 node(s): server CPU µs/delivery (sum of nodes)", false, false),
            new Row("cluster-fanout-rc-1", "redisCpuUsPerMessage", "cluster fan-out on a Redis Cluster, 1 node(s): Redis CPU µs/message (sum of masters)", false, false),
            new Row("cluster-fanout-rc-2", "deliveriesPerSec", "cluster fan-out, 2 node(s) on a Redis Cluster (3 masters), 1 000 subscribers/node: deliveries/s", true, true),
            new Row("cluster-fanout-rc-2", "crossNodeDeliveriesPerSec", "cluster fan-out on a Redis Cluster, 2 node(s): cross-node deliveries/s", true, true),
            new Row("cluster-fanout-rc-2", "serverCpuUsPerDelivery", "cluster fan-out on a Redis Cluster, 2 node(s): server CPU µs/delivery (sum of nodes)", false, false),
            new Row("cluster-fanout-rc-2", "redisCpuUsPerMessage", "cluster fan-out on a Redis Cluster, 2 node(s): Redis CPU µs/message (sum of masters)", false, false),
            new Row("cluster-fanout-rc-4", "deliveriesPerSec", "cluster fan-out, 4 node(s) on a Redis Cluster (3 masters), 1 000 subscribers/node: deliveries/s", true, true),
            new Row("cluster-fanout-rc-4", "crossNodeDeliveriesPerSec", "cluster fan-out on a Redis Cluster, 4 node(s): cross-node deliveries/s", true, true),
            new Row("cluster-fanout-rc-4", "serverCpuUsPerDelivery", "cluster fan-out on a Redis Cluster, 4 node(s): server CPU µs/delivery (sum of nodes)", false, false),
            new Row("cluster-fanout-rc-4", "redisCpuUsPerMessage", "cluster fan-out on a Redis Cluster, 4 node(s): Redis CPU µs/message (sum of masters)", false, false));

    /** Issue 20's rows: cold start, memory without a forced GC, binary echo, polling fan-out, 16 KB fan-out. */
    private static final List<Row> ROWS_20 = List.of(
            new Row("storm-cold-10000", "serverCpuUsPerHandshake", "cold start, storm of 10 000 on a fresh process: server CPU µs/handshake", false, false),
            new Row("storm-cold-10000", "handshakesPerSec", "cold start, storm of 10 000: handshakes/s", true, true),
            new Row("storm-cold-10000", "firstHandshakeMs", "cold start: first handshake ms", false, false),
            new Row("storm-cold-10000", "startupCpuMs", "cold start: CPU ms from exec to listening", false, false),
            new Row("storm-cold-10000", "rssPerConnectionNoGcKB", "cold start, 10 000 open, no forced GC: RSS growth KB/connection", false, false),
            new Row("storm-cold-10000", "rssAllInPerConnectionNoGcKB", "cold start, 10 000 open, no forced GC: whole RSS KB/connection", false, false),
            new Row("storm-cold-10000", "rssNoGcMB", "cold start, 10 000 open, no forced GC: RSS MB", false, false),
            new Row("storm-cold-10000", "rssPerConnectionKB", "cold start, 10 000 open, after a full GC: RSS growth KB/connection", false, false),
            new Row("storm-10000", "rssPerConnectionNoGcKB", "memory at 10 000 connections (warm process), no forced GC: RSS KB/connection", false, false),
            new Row("binary-echo-64k", "roundTripsPerSec", "binary echo+ack, 64 KB, 50 clients × 1: round trips/s", true, true),
            new Row("binary-echo-64k", "serverCpuUsPerRoundTrip", "binary echo+ack, 64 KB: server CPU µs/round trip", false, false),
            new Row("binary-echo-64k", "latencyP99Ms", "binary echo+ack, 64 KB: p99 ms", false, false),
            new Row("polling-fanout-1000", "deliveriesPerSec", "fan-out to 1 000 long-polling clients, 100 B: messages/s", true, true),
            new Row("polling-fanout-1000", "serverCpuUsPerDelivery", "fan-out to 1 000 long-polling clients: server CPU µs/delivery", false, false),
            new Row("polling-fanout-1000", "messagesPerPollAnswer", "fan-out to 1 000 long-polling clients: messages per GET answer", true, false),
            new Row("fanout-1000-16k", "deliveriesPerSec", "fan-out to 1 000, 16 KB: deliveries/s", true, true),
            new Row("fanout-1000-16k", "serverCpuUsPerDelivery", "fan-out to 1 000, 16 KB: server CPU µs/delivery", false, false),
            new Row("fanout-1000-16k", "deliveryP99Ms", "fan-out to 1 000, 16 KB: delivery p99 ms (saturated)", false, false));

    private Report() {
    }

    static void write(Results r, Path dir) throws IOException {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("plan", r.plan.name());
        json.put("reps", r.plan.reps());
        json.put("note", r.note);
        json.put("startedAt", r.startedAt);
        json.put("finishedAt", r.finishedAt);
        json.put("loadAvgAtStart", r.loadAvgAtStart);
        json.put("loadAvgAtEnd", r.loadAvgAtEnd);
        json.put("machine", r.machine);
        json.put("servers", r.servers);
        json.put("skipped", r.skipped);
        json.put("medians", r.medians());
        json.put("runs", r.runs);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(dir.resolve("results.json").toFile(),
                json);
        Files.writeString(dir.resolve("results.md"), markdown(r));
        charts(r, dir);
    }

    // ------------------------------------------------------------------ markdown

    static String markdown(Results r) {
        StringBuilder sb = new StringBuilder();
        sb.append("<!-- generated by scripts/bench.sh (io.zapsocket.bench.suite.BenchSuite); do not edit -->\n");
        sb.append("Plan `").append(r.plan.name()).append("`, ").append(r.plan.reps())
                .append(" repetition(s), medians. Started ").append(r.startedAt).append(", finished ")
                .append(r.finishedAt).append(". Load average at start `").append(r.loadAvgAtStart)
                .append("`, at end `").append(r.loadAvgAtEnd).append("`.");
        double[] loads = r.runs.stream().map(x -> ((Map<?, ?>) x.get("metrics")).get("loadAvg1"))
                .filter(v -> v instanceof Number).mapToDouble(v -> ((Number) v).doubleValue()).sorted().toArray();
        if (loads.length > 0) {
            sb.append(String.format(Locale.ROOT, " 1-minute load at the end of the scenarios: median %.2f, max %.2f "
                    + "(this harness alone makes about 2).", loads[loads.length / 2], loads[loads.length - 1]));
        }
        if (!r.note.isEmpty()) {
            sb.append(" ").append(r.note);
        }
        sb.append("\n\nMachine: ");
        r.machine.forEach((k, v) -> sb.append(k).append(" ").append(v).append("; "));
        sb.setLength(sb.length() - 2);
        sb.append(".\n\n");
        List<String> servers = r.measuredServers(); // no column of dashes for a server that measured nothing
        sb.append("| scenario |");
        servers.forEach(s -> sb.append(' ').append(LABELS.get(s)).append(" |"));
        boolean zap = servers.contains("zap");
        List<String> others = servers.stream().filter(s -> !s.equals("zap")).toList();
        if (zap) {
            others.forEach(s -> sb.append(" Zap vs ").append(LABELS.get(s)).append(" |"));
        }
        sb.append("\n|---|");
        servers.forEach(s -> sb.append("---:|"));
        if (zap) {
            others.forEach(s -> sb.append("---:|"));
        }
        sb.append('\n');
        for (Row row : concat(ROWS, ROWS_20)) {
            boolean any = servers.stream().anyMatch(s -> r.median(s, row.scenario, row.metric) != null);
            if (!any) {
                continue;
            }
            sb.append("| ").append(row.label).append(" |");
            for (String s : servers) {
                Double v = r.median(s, row.scenario, row.metric);
                Double gen = r.median(s, row.scenario, "generatorCpuShare");
                sb.append(' ').append(fmt(v));
                if (row.rate && v != null && gen != null && gen > 0.9) {
                    sb.append(" †");
                }
                sb.append(" |");
            }
            if (zap) {
                Double z = r.median("zap", row.scenario, row.metric);
                for (String s : others) {
                    Double o = r.median(s, row.scenario, row.metric);
                    sb.append(' ').append(ratio(z, o, row.higherIsBetter)).append(" |");
                }
            }
            sb.append('\n');
        }
        sb.append("\n† the generator's core was ≥ 90 % busy: the rate is a lower bound for that server; compare the "
                + "server CPU per operation instead.  \nRatios: how many times better Zap-Socket is (> 1 = better, "
                + "< 1 = worse), from the medians.  \nGenerator modes: rows without a mode were measured with ordinary "
                + "clients (every frame in its own write, as a browser's socket.io-client sends; the publisher sends "
                + "one publish per write); rows marked \"batching generator\" send what one read triggers in one "
                + "write. SSE fan-out: the same room emit as the WebSocket fan-out, received by `EventSource`-like "
                + "HTTP/1.1 streams (Zap-Socket only). msgpack rows: the `socket.io-msgpack-parser` format.\n");
        Double procs = r.median("zap", "cluster-idle", "processes");
        if (procs != null) {
            sb.append("\n‡ a multi-process measurement, forced by the file-descriptor limit (RLIMIT_NOFILE 20 000 per "
                    + "process, hard): ").append(procs.intValue()).append(" Zap-Socket processes, each with its own "
                    + "generator process, hold the connections together; one process would need RLIMIT_NOFILE above "
                    + "the connection count. Total RSS includes every JVM's baseline; RSS and heap per connection are "
                    + "the growth from before connecting.\n");
        }
        if (!r.skipped.isEmpty()) {
            sb.append("\nNot run:\n");
            r.skipped.forEach((k, v) -> sb.append("- `").append(k).append("`: ").append(v).append('\n'));
        }
        if (zap) {
            sb.append('\n').append(targets(r)).append(targets20(r));
        }
        return sb.toString();
    }

    private static String targets(Results r) {
        StringBuilder sb = new StringBuilder("### Targets of issue #6 (this run)\n\n| target | measured | holds |\n|---|---|---|\n");
        Double zf = r.median("zap", "fanout-1000", "serverCpuUsPerDelivery");
        Double uf = r.median("node-uws", "fanout-1000", "serverCpuUsPerDelivery");
        Double wf = r.median("node-ws", "fanout-1000", "serverCpuUsPerDelivery");
        Double ff = r.median("netty-floor", "fanout-1000", "serverCpuUsPerDelivery");
        target(sb, "fan-out 1 000: CPU/delivery ≤ uWS.js stack's",
                "Zap " + fmt(zf) + " µs vs uWS " + fmt(uf) + " µs", zf != null && uf != null ? zf <= uf : null);
        target(sb, "fan-out 1 000: ≥ 20× better than socket.io + ws",
                fmt(wf == null || zf == null ? null : wf / zf) + "×", zf != null && wf != null ? wf / zf >= 20 : null);
        Double ze = r.median("zap", "echo-closed", "serverCpuUsPerRoundTrip");
        target(sb, "echo: server CPU ≤ 5 µs per acked round trip", fmt(ze) + " µs", ze != null ? ze <= 5 : null);
        Double zp99 = r.median("zap", "echo-open-30000", "latencyP99Ms");
        Double zrate = r.median("zap", "echo-open-30000", "roundTripsPerSec");
        target(sb, "echo: p99 ≤ 1 ms at 30 000 round trips/s", fmt(zp99) + " ms at " + fmt(zrate) + "/s",
                zp99 != null ? zp99 <= 1.0 : null);
        Double zpoll = r.median("zap", "polling", "serverCpuUsPerRoundTrip");
        target(sb, "polling: ≤ 30 µs server CPU per round trip", fmt(zpoll) + " µs", zpoll != null ? zpoll <= 30 : null);
        Double zmem = r.median("zap", "storm-10000", "rssPerConnectionKB");
        target(sb, "memory: ≤ 4 KB RSS per idle WebSocket at 10 000", fmt(zmem) + " KB",
                zmem != null ? zmem <= 4 : null);
        Double clusterHeld = r.median("zap", "cluster-idle", "aliveAfterHold");
        if (clusterHeld != null) {
            Double pinged = r.median("zap", "cluster-idle", "pingedAndAnswered");
            Double procs = r.median("zap", "cluster-idle", "processes");
            target(sb, "≥ 200 000 idle connections with heartbeats", fmt(clusterHeld) + " held, " + fmt(pinged)
                    + " of them pinged and answering, in " + (procs == null ? "–" : procs.intValue())
                    + " server processes (‡: the fd limit), "
                    + fmt(r.median("zap", "cluster-idle", "totalServerRssMB")) + " MB server RSS in all",
                    clusterHeld >= 200_000 && pinged != null && pinged >= clusterHeld);
        } else {
            Double held = r.median("zap", "idle", "aliveAfterHold");
            target(sb, "≥ 200 000 idle connections with heartbeats", fmt(held)
                    + " held in one process (20 000 fds per process here; scenario cluster-idle not run)", null);
        }
        Double z10 = r.median("zap", "fanout-10000", "serverCpuUsPerDelivery");
        Double f10 = r.median("netty-floor", "fanout-10000", "serverCpuUsPerDelivery");
        target(sb, "fan-out: within 1.5× of bare Netty (1 000 / 10 000)",
                fmt(zf == null || ff == null ? null : zf / ff) + "× / " + fmt(z10 == null || f10 == null ? null
                        : z10 / f10) + "×", zf != null && ff != null ? zf / ff <= 1.5
                        && (z10 == null || f10 == null || z10 / f10 <= 1.5) : null);
        return sb.toString();
    }

    /** Issue 20's CPU targets: Zap-Socket's CPU per operation ≤ 0.8× the uWS.js stack's, in both generator modes. */
    private static final String[][] CPU_TARGETS_20 = {
        {"fanout-1000", "serverCpuUsPerDelivery", "fan-out 1 000, ordinary clients"},
        {"fanout-1000-batched", "serverCpuUsPerDelivery", "fan-out 1 000, batching generator"},
        {"fanout-10000", "serverCpuUsPerDelivery", "fan-out 10 000, ordinary clients"},
        {"fanout-10000-batched", "serverCpuUsPerDelivery", "fan-out 10 000, batching generator"},
        {"echo-closed", "serverCpuUsPerRoundTrip", "echo, ordinary clients"},
        {"echo-closed-batched", "serverCpuUsPerRoundTrip", "echo, batching generator"},
    };

    /**
     * Issue 20's targets: CPU per operation ≤ 0.8× the uWS.js stack's (ratio of the medians, and paired: the median of
     * the per-repetition ratios), echo p99 ≤ 1 ms at 30 000/s (with the generator core's own stalls beside it),
     * compressed fan-out ≥ 5× ws and ≥ 1.5× uWS.js, cold storm CPU ≤ 1.5× uWS's, RSS per idle WebSocket without a
     * forced GC ≤ uWS's.
     */
    private static String targets20(Results r) {
        Double uc = r.median("node-uws", "storm-cold-10000", "serverCpuUsPerHandshake");
        Double um = r.median("node-uws", "storm-cold-10000", "rssPerConnectionNoGcKB");
        Double ua = r.median("node-uws", "storm-cold-10000", "rssAllInPerConnectionNoGcKB");
        StringBuilder sb = new StringBuilder();
        for (String[] t : CPU_TARGETS_20) {
            Double z = r.median("zap", t[0], t[1]);
            Double u = r.median("node-uws", t[0], t[1]);
            Double paired = r.pairedRatio("zap", "node-uws", t[0], t[1]);
            if (z == null || u == null) {
                continue;
            }
            boolean medians = z <= 0.8 * u;
            boolean pair = paired != null && paired <= 0.8;
            sb.append("| ").append(t[2]).append(": CPU ≤ 0.8× uWS.js stack's | ").append(LABELS.get("zap"))
                    .append(" | ").append(fmt(z)).append(" vs ").append(fmt(u)).append(" µs (").append(fmt(z / u))
                    .append("×; paired ").append(paired == null ? "–" : fmt(paired) + "×").append(") | ")
                    .append(medians && pair ? "yes" : medians ? "medians only" : pair ? "paired only" : "**no**")
                    .append(" |\n");
        }
        Double p99 = r.median("zap", "echo-open-30000", "latencyP99Ms");
        if (p99 != null) {
            Double hiccups = r.median("zap", "echo-open-30000", "hiccupP99Ms");
            sb.append("| echo p99 ≤ 1 ms at 30 000/s | ").append(LABELS.get("zap")).append(" | ").append(fmt(p99))
                    .append(" ms").append(hiccups == null ? "" : "; the generator core's own stalls " + fmt(hiccups)
                            + " ms at p99").append(" | ").append(p99 <= 1 ? "yes" : "**no**").append(" |\n");
        }
        Double zd = r.median("zap", "deflate-fanout-1000-1k", "serverCpuUsPerDelivery");
        if (zd != null) {
            // the factor each server must be beaten by, as the issue writes it
            for (String[] target : new String[][]{{"node-ws", "5"}, {"node-uws-deflate", "1.5"}, {"node-uws", "1.5"}}) {
                String other = target[0];
                Double o = r.median(other, "deflate-fanout-1000-1k", "serverCpuUsPerDelivery");
                if (o != null) {
                    sb.append("| compressed fan-out 1 KB to 1 000: ≥ ").append(target[1]).append("× better than ")
                            .append(LABELS.get(other)).append(" | ").append(LABELS.get("zap")).append(" | ")
                            .append(fmt(zd)).append(" vs ").append(fmt(o)).append(" µs (").append(fmt(o / zd))
                            .append("×) | ").append(o >= Double.parseDouble(target[1]) * zd ? "yes" : "**no**")
                            .append(" |\n");
                }
            }
        }
        for (String s : r.servers) {
            if (!s.startsWith("zap")) {
                continue;
            }
            Double c = r.median(s, "storm-cold-10000", "serverCpuUsPerHandshake");
            if (c != null && uc != null) {
                sb.append("| cold storm 10 000: CPU/handshake ≤ 1.5× uWS.js stack's | ").append(LABELS.get(s))
                        .append(" | ").append(fmt(c)).append(" vs ").append(fmt(uc)).append(" µs (")
                        .append(fmt(c / uc)).append("×) | ").append(c <= 1.5 * uc ? "yes" : "**no**").append(" |\n");
            }
            Double m = r.median(s, "storm-cold-10000", "rssPerConnectionNoGcKB");
            Double a = r.median(s, "storm-cold-10000", "rssAllInPerConnectionNoGcKB");
            if (m != null && um != null) {
                sb.append("| RSS per idle WebSocket at 10 000, no forced GC ≤ uWS.js stack's | ").append(LABELS.get(s))
                        .append(" | growth ").append(fmt(m)).append(" vs ").append(fmt(um)).append(" KB; whole RSS ")
                        .append(fmt(a)).append(" vs ").append(fmt(ua)).append(" KB | ")
                        .append(m <= um ? "yes" : "**no**").append(" (growth), ")
                        .append(a != null && ua != null && a <= ua ? "yes" : "**no**").append(" (whole) |\n");
            }
        }
        return sb.isEmpty() ? "" : "\n### Targets of issue #20 (this run)\n\n| target | server | measured | holds |\n"
                + "|---|---|---|---|\n" + sb;
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> l = new ArrayList<>(a);
        l.addAll(b);
        return l;
    }

    private static void target(StringBuilder sb, String what, String measured, Boolean holds) {
        sb.append("| ").append(what).append(" | ").append(measured).append(" | ")
                .append(holds == null ? "not measurable here" : holds ? "yes" : "**no**").append(" |\n");
    }

    static String fmt(Double v) {
        if (v == null) {
            return "–";
        }
        double a = Math.abs(v);
        if (a >= 1000) {
            return String.format(Locale.ROOT, "%,.0f", v).replace(',', ' ');
        }
        if (a >= 100) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        if (a >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        return String.format(Locale.ROOT, "%.2f", v);
    }

    private static String ratio(Double zap, Double other, boolean higherIsBetter) {
        if (zap == null || other == null || zap == 0 || other == 0) {
            return "–";
        }
        double x = higherIsBetter ? zap / other : other / zap;
        return String.format(Locale.ROOT, x >= 10 ? "%.0f×" : "%.2f×", x);
    }

    // ------------------------------------------------------------------ charts

    private static void charts(Results r, Path dir) throws IOException {
        // logarithmic where socket.io + ws is ~10-20× the others: the fast servers' bars stay readable
        chart(r, dir.resolve("fanout-cpu.png"), "Fan-out, 100 B: server CPU per delivery (lower is better, log scale)",
                "µs per delivery", true, "serverCpuUsPerDelivery",
                new String[]{"fanout-1000", "fanout-10000"}, new String[]{"room of 1 000", "room of 10 000"});
        chart(r, dir.resolve("fanout-rate.png"), "Fan-out, 100 B: deliveries per second (higher is better, log scale)",
                "deliveries/s", true, "deliveriesPerSec",
                new String[]{"fanout-1000", "fanout-10000"}, new String[]{"room of 1 000", "room of 10 000"});
        chart(r, dir.resolve("cpu-per-op.png"), "Server CPU per round trip (lower is better, log scale)", "µs", true,
                "serverCpuUsPerRoundTrip", new String[]{"echo-closed", "echo-open-30000", "polling"},
                new String[]{"echo+ack closed loop", "echo+ack 30 000/s", "polling echo+ack"});
        chart(r, dir.resolve("echo-latency.png"), "Echo+ack at 30 000 round trips/s, open loop (lower is better)",
                "ms", false, null, new String[]{"echo-open-30000|latencyP50Ms", "echo-open-30000|latencyP99Ms",
                    "echo-open-30000|latencyP999Ms"}, new String[]{"p50", "p99", "p99.9"});
        chart(r, dir.resolve("memory.png"), "Memory per idle WebSocket at 10 000 connections (lower is better)",
                "KB per connection", false, null, new String[]{"storm-10000|rssPerConnectionKB",
                    "storm-10000|rssPerConnectionNoGcKB", "storm-10000|heapPerConnectionKB"},
                new String[]{"RSS delta (after full GC)", "RSS delta (no forced GC)", "heap (JS/Java) delta"});
        // issue 20
        chart(r, dir.resolve("cold-start.png"), "Connect storm of 10 000: server CPU per handshake (lower is better)",
                "µs per handshake", false, "serverCpuUsPerHandshake",
                new String[]{"storm-cold-10000", "storm-10000"},
                new String[]{"cold: fresh process, first storm", "warm: after the warm-up"});
        chart(r, dir.resolve("memory-cold.png"), "RSS per WebSocket, 10 000 open on a fresh process (lower is better)",
                "KB per connection", false, null, new String[]{"storm-cold-10000|rssPerConnectionNoGcKB",
                    "storm-cold-10000|rssAllInPerConnectionNoGcKB", "storm-cold-10000|rssPerConnectionKB"},
                new String[]{"growth, no forced GC", "whole RSS, no forced GC", "growth after a full GC"});
        chart(r, dir.resolve("scenarios-cpu.png"), "Server CPU per operation, issue 20 scenarios (lower is better, "
                + "log scale)", "µs", true, null, new String[]{"binary-echo-64k|serverCpuUsPerRoundTrip",
                    "polling-fanout-1000|serverCpuUsPerDelivery", "fanout-1000-16k|serverCpuUsPerDelivery"},
                new String[]{"binary echo 64 KB, per round trip", "polling fan-out 1 000, per delivery",
                    "fan-out 16 KB to 1 000, per delivery"});
        if (r.median("zap-vt", "echo-closed", "serverCpuUsPerRoundTrip") != null) { // a run without zap-vt: no chart
            chart(r, dir.resolve("handlers-vt.png"), "Handlers on the loop vs on virtual threads: server CPU per round "
                    + "trip (lower is better)", "µs", false, "serverCpuUsPerRoundTrip",
                    new String[]{"echo-closed", "binary-echo-64k"},
                    new String[]{"echo+ack closed loop 100×4", "binary echo 64 KB, 50×1"});
        }
    }

    /**
     * Redraws the charts of a finished run from its results.json: {@code Report <results.json> <dir>} (e.g. after a
     * change to the charts, without measuring again).
     */
    @SuppressWarnings("unchecked")
    public static void main(String[] args) throws IOException {
        Map<String, Object> json = new ObjectMapper().readValue(Path.of(args[0]).toFile(), Map.class);
        Results r = new Results(Plan.QUICK, (List<String>) json.get("servers"), String.valueOf(json.get("note")));
        for (Map<String, Object> run : (List<Map<String, Object>>) json.get("runs")) {
            r.add((String) run.get("server"), ((Number) run.get("rep")).intValue(), (String) run.get("scenario"),
                    (Map<String, Object>) run.get("metrics"));
        }
        charts(r, Path.of(args[1]));
    }

    /** Every repetition's value of one metric. */
    @SuppressWarnings("unchecked")
    private static List<Double> values(Results r, String server, String scenario, String metric) {
        List<Double> l = new ArrayList<>();
        for (Map<String, Object> run : r.runs) {
            if (run.get("server").equals(server) && run.get("scenario").equals(scenario)
                    && ((Map<String, Object>) run.get("metrics")).get(metric) instanceof Number n) {
                l.add(n.doubleValue());
            }
        }
        return l;
    }

    /**
     * A grouped bar chart of medians, one series per server, with error bars from the repetitions (the largest
     * distance from the median to any repetition, or on a log axis the largest factor; XChart draws symmetric bars). With {@code metric} set, the
     * categories are scenarios; without, each key is {@code scenario|metric}.
     */
    private static void chart(Results r, Path file, String title, String yTitle, boolean log, String metric,
                              String[] keys, String[] names) throws IOException {
        CategoryChart c = new CategoryChartBuilder().width(1040).height(480).title(title).yAxisTitle(yTitle).build();
        org.knowm.xchart.style.CategoryStyler s = c.getStyler();
        s.setLegendPosition(Styler.LegendPosition.OutsideS);
        s.setLegendLayout(Styler.LegendLayout.Horizontal);
        s.setChartBackgroundColor(Color.WHITE);
        s.setYAxisLogarithmic(log);
        s.setLabelsVisible(true);
        s.setLabelsFontColorAutomaticEnabled(false);
        s.setLabelsFontColor(Color.DARK_GRAY);
        s.setDecimalPattern("#,##0.##");
        s.setLabelsPosition(0.9);
        s.setErrorBarsColor(Color.BLACK);
        s.setErrorBarsColorSeriesColor(false);
        String[] scenarios = new String[keys.length];
        String[] metrics = new String[keys.length];
        for (int i = 0; i < keys.length; i++) {
            int bar = keys[i].indexOf('|');
            scenarios[i] = metric != null ? keys[i] : keys[i].substring(0, bar);
            metrics[i] = metric != null ? metric : keys[i].substring(bar + 1);
        }
        // categories nobody measured are left out; a server missing one category gets no bar there
        List<Integer> present = new ArrayList<>();
        for (int i = 0; i < keys.length; i++) {
            for (String server : r.servers) {
                Double v = r.median(server, scenarios[i], metrics[i]);
                if (v != null && v > 0) {
                    present.add(i);
                    break;
                }
            }
        }
        // the series first, drawn once every bar's lowest whisker is known (see the scale below)
        List<Series> series = new ArrayList<>();
        double min = Double.MAX_VALUE;
        for (String server : r.servers) {
            List<String> cats = new ArrayList<>();
            List<Double> vals = new ArrayList<>();
            List<Double> errs = new ArrayList<>();
            boolean any = false;
            for (int i : present) {
                Double v = r.median(server, scenarios[i], metrics[i]);
                cats.add(names[i]);
                boolean ok = v != null && v > 0;
                vals.add(ok ? v : null);
                double e = log ? 1 : 0;
                if (ok) {
                    for (double x : values(r, server, scenarios[i], metrics[i])) {
                        // on a log axis XChart draws the bar from y / 10^log10(e) to y × e: e is a factor there
                        e = log ? (x > 0 ? Math.max(e, Math.max(x / v, v / x)) : e) : Math.max(e, Math.abs(x - v));
                    }
                    min = Math.min(min, log ? v / e : v - e);
                }
                errs.add(e);
                any |= ok;
            }
            if (any) {
                series.add(new Series(server, cats, vals, errs));
            }
        }
        // XChart 3.8 draws a log axis's error bars wrong below 1 (far under the bar): µs below 1 are drawn as ns
        double scale = log && min < 1 && yTitle.startsWith("µs") ? 1000 : 1;
        if (scale != 1) {
            c.setYAxisTitle("ns" + yTitle.substring("µs".length()));
            min *= scale;
        }
        int added = 0;
        for (Series x : series) {
            List<Double> vals = x.vals().stream().map(v -> v == null ? null : v * scale).toList();
            // XChart's error bars need a value in every category: a server missing one gets bars without them
            (vals.contains(null) ? c.addSeries(LABELS.getOrDefault(x.server(), x.server()), x.cats(), vals)
                    : c.addSeries(LABELS.getOrDefault(x.server(), x.server()), x.cats(), vals, x.errs()))
                    .setFillColor(COLORS.getOrDefault(x.server(), Color.GRAY));
            added++;
        }
        if (log && added > 0) {
            // XChart refuses a logarithmic axis whose automatic minimum is 0 (bars start at 0)
            s.setYAxisMin(Math.pow(10, Math.floor(Math.log10(min))));
        }
        if (added > 0) {
            BitmapEncoder.saveBitmap(c, file.toString(), BitmapEncoder.BitmapFormat.PNG);
        }
    }

    /** One server's bars of a chart: medians (null: not measured) and error bars. */
    private record Series(String server, List<String> cats, List<Double> vals, List<Double> errs) {
    }
}
