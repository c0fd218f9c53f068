package io.zapsocket.bench.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import io.zapsocket.bench.load.LoadGen;
import io.zapsocket.bench.load.WsClient;
import io.zapsocket.bench.suite.ServerProcess;
import java.util.Map;

/**
 * A connect storm on a server process that has just started (issue 20): nothing ran on it before, no warm-up, no
 * forced GC. What an operator sees after a deploy or a restart, when every client reconnects at once:
 * <ul>
 *   <li>{@code startupCpuMs}: the process's CPU from exec to listening (JVM start, class loading; Node's start);</li>
 *   <li>{@code firstHandshakeMs}: one client alone, TCP connect → Socket.IO CONNECT reply (the first handshake pays
 *       for loading and initialising the whole path);</li>
 *   <li>then {@code n} more clients, at most {@code concurrency} handshakes in flight: {@code handshakesPerSec},
 *       {@code serverCpuUsPerHandshake} (all the server's CPU over the storm, the first handshake included: JIT
 *       compiler threads, GC, class loading), handshake latency;</li>
 *   <li>memory with the {@code n + 1} connections open, first <b>without</b> any forced GC (what {@code ps} shows):
 *       {@code rssNoGcMB}, {@code rssPerConnectionNoGcKB} (growth from the fresh process) and
 *       {@code rssAllInPerConnectionNoGcKB} (the whole RSS, baseline included, per connection); then after a full
 *       GC ({@code System.gc()} / {@code global.gc()}): {@code rssAfterGcMB}, {@code rssPerConnectionKB},
 *       {@code heapUsedAfterGcMB}.</li>
 * </ul>
 */
final class ColdStorm {
    private final LoadGen gen;
    private final ServerProcess server;
    private final Scenarios scenarios;

    ColdStorm(LoadGen gen, ServerProcess server, Scenarios scenarios) {
        this.gen = gen;
        this.server = server;
        this.scenarios = scenarios;
    }

    Map<String, Object> run(int n, int concurrency, double timeoutSeconds) {
        Map<String, Object> out = Latency.map();
        out.put("clients", n);
        long rss0 = server.rssBytes();
        out.put("rssStartMB", Scenarios.round(rss0 / 1048576.0, 1));
        out.put("startupCpuMs", Scenarios.round(server.cpuNanos() / 1e6, 0));
        Window w = new Window(server);
        // one client alone: the first handshake
        long t0 = System.nanoTime();
        WsPool first = new WsPool(gen, 1, 1, new WsClient.Listener() { }).start();
        if (!first.await(60)) {
            out.put("error", "the first client did not connect: " + gen.call(() -> String.valueOf(first.firstFailure)));
            first.abortAll();
            return out;
        }
        out.put("firstHandshakeMs", Latency.ms(gen.call(() -> first.doneAt) - t0));
        WsPool pool = new WsPool(gen, n, concurrency, new WsClient.Listener() { }).start();
        pool.await(timeoutSeconds);
        long done = gen.call(() -> pool.doneAt == 0 ? System.nanoTime() : pool.doneAt);
        int connected = gen.call(() -> pool.connected);
        Map<String, Object> win = Latency.map();
        w.end(win, connected + 1, "ignored", "serverCpuUsPerHandshake");
        out.put("serverCpuUsPerHandshake", win.get("serverCpuUsPerHandshake"));
        out.put("serverCpuShare", win.get("serverCpuShare"));
        out.put("generatorCpuShare", win.get("generatorCpuShare"));
        double secs = (done - w.t0) / 1e9;
        out.put("seconds", Scenarios.round(secs, 2));
        out.put("handshakesPerSec", Math.round((connected + 1) / secs));
        out.put("connected", connected);
        out.put("failed", gen.call(() -> pool.failed));
        gen.run(() -> {
            if (pool.firstFailure != null) {
                out.put("firstFailure", String.valueOf(pool.firstFailure));
            }
            Latency.put(out, "handshake", pool.handshakes);
        });
        WsPool.sleep(1);
        int open = connected + 1;
        long rss1 = server.rssBytes();
        out.put("rssNoGcMB", Scenarios.round(rss1 / 1048576.0, 1));
        out.put("rssPerConnectionNoGcKB", Scenarios.round((rss1 - rss0) / 1024.0 / open, 2));
        out.put("rssAllInPerConnectionNoGcKB", Scenarios.round(rss1 / 1024.0 / open, 2));
        JsonNode after = server.stats();
        long rss2 = server.rssBytes();
        out.put("serverSockets", after.get("sockets").asInt());
        out.put("rssAfterGcMB", Scenarios.round(rss2 / 1048576.0, 1));
        out.put("rssPerConnectionKB", Scenarios.round((rss2 - rss0) / 1024.0 / open, 2));
        out.put("heapUsedAfterGcMB", Scenarios.round(after.get("heapUsed").asLong() / 1048576.0, 1));
        pool.abortAll();
        first.abortAll();
        scenarios.awaitSockets(0, 60);
        return out;
    }
}
