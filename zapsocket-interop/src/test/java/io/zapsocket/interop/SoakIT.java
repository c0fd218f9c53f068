package io.zapsocket.interop;

import io.zapsocket.server.ServerOptions;
import io.zapsocket.server.SocketServer;
import java.io.File;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A bounded soak: {@code zapsocket.soak.clients} (2 000) WebSocket clients with connect/disconnect churn for
 * {@code zapsocket.soak.seconds} (60) — acked emits, room broadcasts, heartbeats, clean and abrupt closes — under
 * paranoid leak detection (the test kit fails the class on any leak report). The server runs here; the clients run in
 * {@link SoakClients} JVMs of at most {@value #CLIENTS_PER_PROCESS} clients each, so that 10 000 clients need about
 * 10 000 file descriptors in this process rather than 20 000. At the end every connection is gone and the heap is back
 * near its baseline.
 */
class SoakIT {
    private static final int CLIENTS = Integer.getInteger("zapsocket.soak.clients", 2000);
    private static final int SECONDS = Integer.getInteger("zapsocket.soak.seconds", 60);
    private static final int CLIENTS_PER_PROCESS = 5000;
    private static final List<String> COUNTERS =
            List.of("connects", "acksSent", "acksReceived", "broadcastsReceived", "failures");

    @Test
    void churnLeavesNoLeakNoConnectionAndNoHeapGrowth() throws Exception {
        SocketServer io = SocketServer.create(ServerOptions.builder()
                .pingInterval(Duration.ofSeconds(1)).pingTimeout(Duration.ofSeconds(2)).build());
        io.onConnection(s -> {
            s.join("r" + ThreadLocalRandom.current().nextInt(10));
            s.on("echo", (args, ack) -> ack.send(args.toArray()));
        });
        int port = io.listen("0.0.0.0", 0).join().getPort();
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long baseline = settledHeap(memory);

        int processes = (CLIENTS + CLIENTS_PER_PROCESS - 1) / CLIENTS_PER_PROCESS;
        Map<Integer, String> reports = new ConcurrentHashMap<>();
        List<Process> children = new ArrayList<>();
        List<Thread> outputs = new ArrayList<>();
        long started = System.nanoTime();
        try {
            for (int i = 0; i < processes; i++) {
                int share = CLIENTS / processes + (i < CLIENTS % processes ? 1 : 0);
                children.add(startClients(port, share, i, processes, reports, outputs));
            }
            // the broadcasts, until every client process has finished its soak
            long limit = started + TimeUnit.SECONDS.toNanos(SECONDS + 120);
            int round = 0;
            while (children.stream().anyMatch(Process::isAlive) && System.nanoTime() < limit) {
                io.to("r" + (round++ % 10)).emit("news", round, "x".repeat(100));
                Thread.sleep(100);
            }
            for (int i = 0; i < children.size(); i++) {
                Process p = children.get(i);
                assertThat(p.waitFor(10, TimeUnit.SECONDS)).as("client process %d finished", i).isTrue();
                assertThat(p.exitValue()).as("client process %d exit code", i).isZero();
                outputs.get(i).join(10_000); // its last line read
            }
        } finally {
            for (Process p : children) { // also when the soak failed half-way: no client process outlives the test
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        }
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
        await().atMost(Duration.ofSeconds(30)).until(() -> io.stats().connections() == 0);
        long after = settledHeap(memory);
        io.close().join();

        assertThat(reports).as("counters of every client process").hasSize(processes);
        Map<String, Long> total = new TreeMap<>();
        for (String report : reports.values()) {
            for (String field : report.split(" ")) {
                int eq = field.indexOf('=');
                if (eq > 0) {
                    total.merge(field.substring(0, eq), Long.parseLong(field.substring(eq + 1)), Long::sum);
                }
            }
        }
        assertThat(total).containsKeys(COUNTERS.toArray(String[]::new));
        System.out.printf("soak: %d clients in %d processes, %d s: %d connects (open at once: peak %d, mean %d), "
                        + "%d acks sent / %d received, %d broadcasts received, %d failures, heap %d MB -> %d MB%n",
                CLIENTS, processes, seconds, total.get("connects"), total.get("peakLive"), total.get("meanLive"),
                total.get("acksSent"), total.get("acksReceived"), total.get("broadcastsReceived"),
                total.get("failures"), baseline >> 20, after >> 20);
        assertThat(total.get("failures")).isZero();
        assertThat(total.get("connects")).isGreaterThan(CLIENTS);
        assertThat(total.get("acksReceived")).isGreaterThan(total.get("acksSent") / 2);
        assertThat(total.get("broadcastsReceived")).isPositive();
        assertThat(io.stats().connections()).isZero();
        assertThat(after - baseline).as("heap growth after the soak").isLessThan(48L << 20);
    }

    /** A {@link SoakClients} JVM with {@code clients} clients; its final {@code counters} line lands in {@code reports}. */
    private static Process startClients(int port, int clients, int index, int processes,
                                        Map<Integer, String> reports, List<Thread> outputs) throws java.io.IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = List.of(java, "-Xmx512m", "-XX:+UseSerialGC",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp", cp, SoakClients.class.getName(), String.valueOf(port), String.valueOf(clients),
                String.valueOf(SECONDS), String.valueOf(index), String.valueOf(processes));
        String name = "[soak-clients-" + index + "]";
        Process p = NodeProcesses.startCommand(cmd, new File("."), name);
        outputs.add(NodeProcesses.pump(p.getInputStream(), name + "-stdout", line -> {
            if (line.startsWith("counters ")) {
                reports.put(index, line.substring("counters ".length()));
            }
            System.out.println(name + " " + line);
        }));
        return p;
    }

    private static long settledHeap(MemoryMXBean memory) throws InterruptedException {
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(100);
            best = Math.min(best, memory.getHeapMemoryUsage().getUsed());
        }
        return best;
    }
}
