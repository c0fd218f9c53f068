package io.zapsocket.bench.scenario;

import io.netty.buffer.ByteBuf;
import io.zapsocket.bench.load.LoadGen;
import io.zapsocket.bench.load.WsClient;
import io.zapsocket.server.ServerOptions;
import io.zapsocket.server.SocketServer;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Server-side cost of one acked echo, measured on the server's only event loop thread rather than by wall clock, so
 * that it does not depend on what else runs on the machine: bytes allocated and CPU time per round trip over
 * {@code rounds} echoes ({@code clients} WebSocket clients, {@code depth} echoes in flight each, the scenario's
 * {@code 42<id>["echo","<payload>"]} answered by {@code 43<id>["<payload>"]}). The server runs in this process
 * with the benchmark server's echo handler; the load generator has a thread of its own, which is not counted.
 *
 * <p>Usage: {@code EchoAllocation [--clients=100] [--depth=1] [--rounds=200000] [--warm-rounds=300000] [--repeat=3]}. Prints one
 * line per measurement. Allocation is exact (the JVM counts every byte a thread allocates) up to the few objects of
 * the JIT and of timers running meanwhile; CPU time (total, and the user part: the server's own code rather than
 * the kernel's socket calls) still varies with caches and frequency.
 */
public final class EchoAllocation {
    private EchoAllocation() {
    }

    public static void main(String[] argv) throws Exception {
        io.zapsocket.bench.server.MainArgs opts = new io.zapsocket.bench.server.MainArgs(argv,
                "clients", "depth", "rounds", "warm-rounds", "repeat");
        int clients = opts.integer("clients", 100);
        int depth = opts.integer("depth", 1);
        int rounds = opts.integer("rounds", 200_000);
        int warmRounds = opts.integer("warm-rounds", 300_000);
        int repeat = opts.integer("repeat", 3);

        SocketServer io = SocketServer.create(ServerOptions.builder().ioThreads(1).rateLimits(null).build());
        java.util.concurrent.atomic.AtomicReference<Thread> serverThread =
                new java.util.concurrent.atomic.AtomicReference<>();
        io.onConnection(socket -> {
            serverThread.set(Thread.currentThread());
            socket.on("echo", (args, ack) -> {
                if (ack.requested()) {
                    ack.send(args.toArray());
                } else {
                    socket.emit("echo", args.toArray());
                }
            });
        });
        InetSocketAddress bound = io.listen("127.0.0.1", 0).join();
        try (LoadGen gen = new LoadGen("127.0.0.1", bound.getPort(), 1)) {
            Echoes load = new Echoes(clients, depth);
            for (int i = 0; i < clients; i++) {
                WsClient c = WsClient.socketIo(i, load);
                gen.connect(c).sync();
            }
            if (!load.connected.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("clients did not connect");
            }
            com.sun.management.ThreadMXBean mx =
                    (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long tid = serverThread.get().getId();
            load.run(gen, warmRounds);
            for (int r = 0; r < repeat; r++) {
                long bytes0 = mx.getThreadAllocatedBytes(tid);
                long cpu0 = mx.getThreadCpuTime(tid);
                long user0 = mx.getThreadUserTime(tid);
                long wall0 = System.nanoTime();
                load.run(gen, rounds);
                long wall = System.nanoTime() - wall0;
                long cpu = mx.getThreadCpuTime(tid) - cpu0;
                long user = mx.getThreadUserTime(tid) - user0;
                long bytes = mx.getThreadAllocatedBytes(tid) - bytes0;
                System.out.printf("echo x%d (%d clients x %d): %.1f bytes/round trip, server cpu %.2f us/round trip"
                                + " (user %.2f), %.0f round trips/s%n", rounds, clients, depth, (double) bytes / rounds,
                        cpu / 1e3 / rounds, user / 1e3 / rounds, rounds / (wall / 1e9));
            }
            gen.run(() -> load.clients.forEach(WsClient::abort));
        } finally {
            io.close().join();
        }
    }

    /** Closed loop, {@code depth} echoes in flight per client; counts acks until the round's total is reached. */
    private static final class Echoes implements WsClient.Listener {
        final byte[] tail = Wire.ascii("[\"echo\",\"" + Scenarios.ECHO_PAYLOAD + "\"]");
        final List<WsClient> clients = new ArrayList<>();
        final CountDownLatch connected;
        int remaining;
        CountDownLatch done;

        final int depth;

        Echoes(int clients, int depth) {
            this.connected = new CountDownLatch(clients);
            this.depth = depth;
        }

        @Override
        public void onConnected(WsClient c) {
            clients.add(c);
            connected.countDown();
        }

        void run(LoadGen gen, int rounds) throws InterruptedException {
            CountDownLatch d = new CountDownLatch(1);
            gen.run(() -> {
                remaining = rounds;
                done = d;
                for (int k = 0; k < depth; k++) {
                    for (WsClient c : clients) {
                        send(c);
                    }
                }
            });
            if (!d.await(300, TimeUnit.SECONDS)) {
                throw new IllegalStateException("echo round did not finish");
            }
        }

        private void send(WsClient c) {
            if (remaining <= 0) {
                return;
            }
            remaining--;
            c.inFlight++;
            c.sendText(Wire.event(c.nextId++, tail), true);
        }

        @Override
        public void onAck(WsClient c, long id, ByteBuf buf, int from, int to) {
            c.inFlight--;
            if (remaining > 0) {
                send(c);
            } else if (clients.stream().allMatch(x -> x.inFlight == 0)) {
                done.countDown();
            }
        }

        @Override
        public void onClosed(WsClient c, Throwable cause) {
            if (cause != null) {
                cause.printStackTrace();
            }
        }
    }
}
