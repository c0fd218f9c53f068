package io.zapsocket.bench.suite;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code cluster-idle} scenario: the machine's capacity for idle Socket.IO WebSocket connections with
 * heartbeats, measured with several processes because one cannot hold them: RLIMIT_NOFILE is 20 000 per process
 * here, hard (no CAP_SYS_RESOURCE to raise it), and every connection takes one descriptor in the server and one in
 * the generator. A single process would need RLIMIT_NOFILE above the connection count; everything else (memory,
 * CPU) is the same whether the connections sit in one JVM or in several, except each JVM's fixed baseline, which
 * the all-in figure below includes and the heap and RSS deltas exclude.
 *
 * <p>How: {@code servers} Zap-Socket processes ({@code ZapBenchServer}, each on its own ephemeral port, pinned to the
 * server core), then as many generator processes ({@code IdleClients}, pinned to the generator core), generator
 * {@code i} connecting {@code perServer} clients to server {@code i} from 127.{i+1}.0.1-2. Each server gets its own
 * port rather than one shared port with SO_REUSEPORT, because the kernel spreads a shared port's connections by
 * hash: a process could be given more than its descriptors allow. Once every generator has connected, the
 * connections are held {@code holdSeconds} (longer than the ping interval, so every connection is pinged at least
 * once); then each generator counts its clients still open and those that answered a ping, and each server reports
 * its heap after a full GC and its RSS.
 *
 * <p>JVM settings of these processes (not the other scenarios'): 192 MiB heaps ({@code -Xms} = {@code -Xmx}, so the
 * heap does not resize during the run; 19 000 connections take about 60 MiB) with a 32 MiB young generation (the
 * default third of the heap would add its untouched-until-used eden pages, 40 MiB more per process, to the RSS
 * growth while connecting: a fixed cost of each JVM, not of the connections), SerialGC as everywhere in the suite,
 * and {@code -XX:TieredStopAtLevel=1}: with C1 only, 2 × {@code servers} JVMs warming up on two cores spend far less
 * CPU compiling and less native memory on the compilers. None of this changes object layout: the heap per
 * connection is the same as with the other scenarios' settings.
 *
 * <p>Bounded: every process is stopped by closing its stdin (and destroyed if it does not exit within 15 s), in a
 * {@code finally}, whatever happens; connecting has a deadline.
 */
final class IdleCluster {
    private static final List<String> JVM = List.of("-Xms192m", "-Xmx192m", "-Xmn32m", "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1", "-Dio.netty.leakDetection.level=disabled");

    /**
     * @param servers        server processes (and as many generator processes)
     * @param perServer      connections per server process; at most ~19 900 with 20 000 descriptors per process
     * @param holdSeconds    how long the connections are held idle once all are connected
     * @param pingIntervalMs the servers' ping interval ({@code 0}: Socket.IO's default, 25 s)
     */
    record Config(int servers, int perServer, double holdSeconds, long pingIntervalMs) {
        /** 11 × 19 000 = 209 000 connections, held 30 s (25 s ping interval). */
        static final Config FULL = new Config(11, 19_000, 30, 0);
        /** Harness check: 2 × 1 000, 2 s ping interval, held 5 s. */
        static final Config QUICK = new Config(2, 1_000, 5, 2_000);
    }

    private IdleCluster() {
    }

    static Map<String, Object> run(Config c, String serverCpu, String generatorCpu, File log) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("java.class.path");
        List<ServerProcess> servers = new ArrayList<>();
        List<ServerProcess> generators = new ArrayList<>();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("processes", c.servers());
        out.put("target", c.servers() * c.perServer());
        out.put("note", "multi-process: " + c.servers() + " server processes × " + c.perServer()
                + " connections, because RLIMIT_NOFILE is 20000 per process here");
        try {
            for (int i = 0; i < c.servers(); i++) {
                List<String> cmd = new ArrayList<>(List.of(java));
                cmd.addAll(JVM);
                cmd.addAll(List.of("-cp", cp, "io.zapsocket.bench.server.ZapBenchServer"));
                if (c.pingIntervalMs() > 0) {
                    cmd.add("--ping-interval=" + c.pingIntervalMs());
                }
                servers.add(ServerProcess.launch(new ServerSpec("zap-" + i, "Zap-Socket " + i, cmd, Map.of(), true),
                        serverCpu, log));
            }
            long rss0 = 0;
            long heap0 = 0;
            for (ServerProcess s : servers) {
                s.awaitReady(60);
                heap0 += s.stats().get("heapUsed").asLong();
                rss0 += s.rssBytes();
            }
            long slab0 = ProcStat.slabBytes();
            long t0 = System.nanoTime();
            for (int i = 0; i < c.servers(); i++) {
                List<String> cmd = new ArrayList<>(List.of(java));
                cmd.addAll(JVM);
                cmd.addAll(List.of("-cp", cp, "io.zapsocket.bench.scenario.IdleClients",
                        "--port=" + servers.get(i).port(), "--clients=" + c.perServer(), "--subnet=" + (i + 1),
                        "--sources=2", "--concurrency=200", "--connect-timeout=150"));
                generators.add(ServerProcess.launch(new ServerSpec("gen-" + i, "generator " + i, cmd, Map.of(),
                        false), generatorCpu, log));
            }
            int connected = 0;
            int failed = 0;
            String firstFailure = null;
            for (ServerProcess g : generators) {
                JsonNode r = g.awaitReady(170);
                connected += r.get("connected").asInt();
                failed += r.get("failed").asInt();
                if (firstFailure == null && r.has("firstFailure")) {
                    firstFailure = r.get("firstFailure").asText();
                }
            }
            double connectSecs = (System.nanoTime() - t0) / 1e9;
            out.put("connected", connected);
            out.put("failed", failed);
            if (firstFailure != null) {
                out.put("firstFailure", firstFailure);
            }
            out.put("connectSeconds", Math.round(connectSecs * 10) / 10.0);
            out.put("handshakesPerSec", Math.round(connected / connectSecs));

            long cpu0 = 0;
            for (ServerProcess s : servers) {
                cpu0 += s.cpuNanos();
            }
            long h0 = System.nanoTime();
            sleep(c.holdSeconds());
            long slab1 = ProcStat.slabBytes();
            long cpu1 = 0;
            for (ServerProcess s : servers) {
                cpu1 += s.cpuNanos();
            }
            double held = (System.nanoTime() - h0) / 1e9;
            out.put("holdSeconds", Math.round(held * 10) / 10.0);
            out.put("serverCpuShareIdle", Math.round((cpu1 - cpu0) / 1e9 / held * 1000) / 1000.0);

            int alive = 0;
            int pinged = 0;
            for (ServerProcess g : generators) {
                JsonNode r = g.command("count");
                alive += r.get("alive").asInt();
                pinged += r.get("pinged").asInt();
            }
            out.put("aliveAfterHold", alive);
            out.put("pingedAndAnswered", pinged);

            long rss1 = 0;
            long heap1 = 0;
            int sockets = 0;
            for (ServerProcess s : servers) {
                JsonNode st = s.stats();
                heap1 += st.get("heapUsed").asLong();
                sockets += st.get("sockets").asInt();
                rss1 += s.rssBytes();
            }
            out.put("serverSockets", sockets);
            out.put("totalServerRssMB", Math.round(rss1 / 1048576.0));
            out.put("totalServerHeapMB", Math.round(heap1 / 1048576.0));
            if (alive > 0) {
                // all-in: the servers' whole RSS (JVM baselines included) over the connections held
                out.put("rssAllInPerConnectionKB", round2(rss1 / 1024.0 / alive));
                out.put("rssPerConnectionKB", round2((rss1 - rss0) / 1024.0 / alive));
                out.put("heapPerConnectionKB", round2((heap1 - heap0) / 1024.0 / alive));
                // the kernel's side, outside every RSS: slab growth (socket, inode, dentry, file, epoll entries)
                // of the machine, over both ends of each loopback connection (server and generator socket)
                out.put("kernelSlabPerConnectionBothEndsKB", round2((slab1 - slab0) / 1024.0 / alive));
            }
            return out;
        } finally {
            // generators first: their RSTs reach servers that are still there; all exit in parallel
            generators.forEach(ServerProcess::stop);
            generators.forEach(ServerProcess::close);
            servers.forEach(ServerProcess::stop);
            servers.forEach(ServerProcess::close);
        }
    }

    private static double round2(double v) {
        return Math.round(v * 100) / 100.0;
    }

    private static void sleep(double seconds) {
        try {
            Thread.sleep((long) (seconds * 1000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
