package io.zapsocket.bench.scenario;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.util.concurrent.ScheduledFuture;
import io.zapsocket.bench.load.LoadGen;
import io.zapsocket.bench.load.WsClient;
import io.zapsocket.bench.suite.ServerProcess;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Presence churn (the {@code zap-sync} server): {@code members} WebSocket clients tracked in one presence room
 * ({@code presence:track {room: "p"}}) and {@code subscribers} more subscribed to it ({@code presence:subscribe}),
 * receiving every {@code presence:diff}. Then, at each rate of {@code rates} (churns per second), a churn closes a
 * tracked member (RST: the server untracks it on disconnect, a leave) and connects a new client that tracks itself (a
 * join), so the room keeps {@code members} members. Per rate: joins (track acknowledged) and leaves per second, the
 * server CPU per join or leave (above the idle baseline measured first: the members' heartbeats), and the diffs per second a subscriber received. A rate is sustained when the joins
 * keep up (at least 95 % of the target) and no churn was skipped (at most {@value #MAX_PENDING} joins under way);
 * the rates go on until the joins fall below half the target. A join includes the replacement's whole connection
 * (WebSocket upgrade, Socket.IO CONNECT, {@code presence:track}); every join and leave is one diff to each subscriber.
 * Flat keys: {@code <name>@<rate>}.
 */
final class PresenceChurn implements WsClient.Listener {
    private static final int MAX_PENDING = 2000;
    private static final byte[] TRACK = Wire.ascii("[\"presence:track\",{\"room\":\"p\"}]");
    private static final byte[] SUBSCRIBE = Wire.ascii("[\"presence:subscribe\",{\"room\":\"p\"}]");

    private final LoadGen gen;
    private final ServerProcess server;
    private final Scenarios scenarios;
    private final int members;
    private final int subscribers;
    // loop-confined state
    private final ArrayDeque<WsClient> tracked = new ArrayDeque<>();
    private final List<WsClient> all = new ArrayList<>();
    private int nextIndex;
    private long joins;
    private long leaves;
    private long diffs;
    private long subscribed;
    private int pending;
    private long skipped;
    private boolean churning;

    PresenceChurn(LoadGen gen, ServerProcess server, Scenarios scenarios, int members, int subscribers) {
        this.gen = gen;
        this.server = server;
        this.scenarios = scenarios;
        this.members = members;
        this.subscribers = subscribers;
        this.nextIndex = members + subscribers;
    }

    Map<String, Object> run(int[] rates, double warm, double measure) {
        Map<String, Object> out = Latency.map();
        out.put("members", members);
        out.put("subscribers", subscribers);
        double t0 = System.nanoTime();
        WsPool pool = new WsPool(gen, members + subscribers, 500, this, Codec.JSON).start();
        boolean ok = pool.await(Math.max(120, members / 100.0));
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (gen.call(() -> joins < members || subscribed < subscribers) && System.nanoTime() < deadline) {
            WsPool.sleep(0.1);
        }
        out.put("setupSeconds", Scenarios.round((System.nanoTime() - t0) / 1e9, 1));
        if (!ok || gen.call(() -> joins < members)) {
            out.put("error", "only " + gen.call(() -> pool.connected) + " connected, " + gen.call(() -> joins)
                    + " tracked of " + members);
            close(pool);
            return out;
        }
        // the idle baseline (heartbeats of the members, GC): subtracted from the churn windows' CPU
        Window idle = new Window(server);
        WsPool.sleep(measure);
        Map<String, Object> im = Latency.map();
        idle.end(im, 1, "ignored", "ignored2");
        double idleShare = (Double) im.get("serverCpuShare");
        out.put("serverCpuShareIdle", idleShare);
        int best = 0;
        for (int rate : rates) {
            long[] start = new long[2]; // [0] start time, [1] churns done
            ScheduledFuture<?> ticker = gen.call(() -> {
                churning = true;
                start[0] = System.nanoTime();
                return gen.loop().scheduleAtFixedRate(() -> {
                    long due = (long) ((System.nanoTime() - start[0]) * (rate / 1e9));
                    for (; start[1] < due; start[1]++) {
                        if (pending >= MAX_PENDING || tracked.isEmpty()) {
                            skipped++;
                            continue;
                        }
                        churn();
                    }
                }, 0, 1, TimeUnit.MILLISECONDS);
            });
            WsPool.sleep(warm);
            long[] base = gen.call(() -> new long[] {joins, leaves, diffs, skipped});
            Window w = new Window(server);
            WsPool.sleep(measure);
            long[] end = gen.call(() -> new long[] {joins, leaves, diffs, skipped});
            Map<String, Object> m = Latency.map();
            long j = end[0] - base[0];
            long l = end[1] - base[1];
            w.end(m, j + l, "opsPerSec", "cpuUs");
            double secs = (Double) m.get("seconds");
            out.put("joinsPerSec@" + rate, Math.round(j / secs));
            out.put("leavesPerSec@" + rate, Math.round(l / secs));
            double perOp = j + l == 0 ? 0
                    : Scenarios.round(((Double) m.get("serverCpuShare") - idleShare) * secs * 1e6 / (j + l), 1);
            out.put("serverCpuUsPerJoinLeave@" + rate, perOp);
            out.put("serverCpuShare@" + rate, m.get("serverCpuShare"));
            out.put("diffsPerSecPerSubscriber@" + rate, Math.round((end[2] - base[2]) / secs / subscribers));
            out.put("skipped@" + rate, end[3] - base[3]);
            gen.run(() -> {
                ticker.cancel(false);
                churning = false;
            });
            boolean kept = j >= 0.95 * rate * secs && end[3] == base[3];
            if (kept) {
                best = rate;
                out.put("sustainedJoinsLeavesPerSec", Math.round((j + l) / secs));
                out.put("serverCpuUsPerJoinLeave", perOp);
            }
            if (j < 0.5 * rate * secs || end[3] > base[3]) {
                break; // far behind: higher rates say nothing more
            }
            // let the joins under way finish before the next rate
            long settle = System.nanoTime() + 10_000_000_000L;
            while (gen.call(() -> pending > 0) && System.nanoTime() < settle) {
                WsPool.sleep(0.05);
            }
        }
        out.put("sustainedChurnRate", best);
        close(pool);
        return out;
    }

    /** Closes a tracked member (a leave) and connects a replacement that tracks itself (a join); on the loop. */
    private void churn() {
        WsClient old = tracked.poll();
        old.abort();
        leaves++;
        WsClient c = Codec.JSON.client(nextIndex++, this);
        all.add(c);
        pending++;
        gen.connect(c).addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess()) {
                c.notifyClosed(f.cause());
            }
        });
    }

    private void close(WsPool pool) {
        gen.run(() -> all.forEach(WsClient::abort));
        pool.abortAll();
        scenarios.awaitSockets(0, 120);
    }

    @Override
    public void onConnected(WsClient c) {
        if (c.index() < subscribers) {
            Codec.JSON.send(c, Wire.event(c.nextId++, SUBSCRIBE), true);
        } else {
            Codec.JSON.send(c, Wire.event(c.nextId++, TRACK), true);
        }
    }

    @Override
    public void onAck(WsClient c, long id, ByteBuf buf, int from, int to) {
        if (c.index() < subscribers) {
            subscribed++;
            return;
        }
        joins++;
        tracked.add(c);
        if (c.index() >= members + subscribers) {
            pending--;
        }
    }

    @Override
    public void onEvent(WsClient c, ByteBuf buf, int from, int to) {
        diffs++;
    }

    @Override
    public void onClosed(WsClient c, Throwable cause) {
        if (churning && c.index() >= members + subscribers && !c.isConnectedOnce()) {
            pending--; // a replacement that failed to connect
        }
    }
}
