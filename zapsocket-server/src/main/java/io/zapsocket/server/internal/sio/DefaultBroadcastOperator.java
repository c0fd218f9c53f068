package io.zapsocket.server.internal.sio;

import io.zapsocket.protocol.Args;
import io.zapsocket.protocol.sio.SioPacket;
import io.zapsocket.server.BroadcastOperator;
import io.zapsocket.server.Priority;
import io.zapsocket.server.RemoteSocket;
import io.zapsocket.server.adapter.BroadcastOptions;
import io.zapsocket.server.internal.ack.AckAggregator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Immutable broadcast target: rooms, excluded rooms and flags over one namespace (or, for a parent namespace,
 * over each of its children).
 */
final class DefaultBroadcastOperator implements BroadcastOperator {
    private final DefaultNamespace nsp;
    private final Set<String> rooms;
    private final Set<String> except;
    private final BroadcastOptions.Flags flags;

    DefaultBroadcastOperator(DefaultNamespace nsp) {
        this(nsp, Set.of(), Set.of(), BroadcastOptions.Flags.DEFAULT);
    }

    private DefaultBroadcastOperator(DefaultNamespace nsp, Set<String> rooms, Set<String> except,
                                     BroadcastOptions.Flags flags) {
        this.nsp = nsp;
        this.rooms = rooms;
        this.except = except;
        this.flags = flags;
    }

    private static Set<String> union(Set<String> a, Collection<String> b) {
        Set<String> s = new LinkedHashSet<>(a);
        for (String room : b) {
            s.add(java.util.Objects.requireNonNull(room, "room"));
        }
        return Collections.unmodifiableSet(s);
    }

    @Override
    public BroadcastOperator to(String... rooms) {
        return to(Arrays.asList(rooms));
    }

    @Override
    public BroadcastOperator to(Collection<String> rooms) {
        return new DefaultBroadcastOperator(nsp, union(this.rooms, rooms), except, flags);
    }

    @Override
    public BroadcastOperator in(String... rooms) {
        return to(rooms);
    }

    @Override
    public BroadcastOperator except(String... rooms) {
        return except(Arrays.asList(rooms));
    }

    @Override
    public BroadcastOperator except(Collection<String> rooms) {
        return new DefaultBroadcastOperator(nsp, this.rooms, union(except, rooms), flags);
    }

    @Override
    public BroadcastOperator asVolatile() {
        return new DefaultBroadcastOperator(nsp, rooms, except, flags.withVolatile(true));
    }

    @Override
    public BroadcastOperator compress(boolean compress) {
        return new DefaultBroadcastOperator(nsp, rooms, except, flags.withCompress(compress));
    }

    @Override
    public BroadcastOperator priority(Priority priority) {
        return new DefaultBroadcastOperator(nsp, rooms, except,
                flags.withPriority(java.util.Objects.requireNonNull(priority, "priority")));
    }

    @Override
    public BroadcastOperator timeout(Duration timeout) {
        return new DefaultBroadcastOperator(nsp, rooms, except, flags.withTimeout(timeout));
    }

    @Override
    public BroadcastOperator local() {
        return new DefaultBroadcastOperator(nsp, rooms, except, flags.withLocal(true));
    }

    private BroadcastOptions options() {
        return new BroadcastOptions(rooms, except, flags);
    }

    @Override
    public boolean emit(String event, Object... args) {
        List<Object> all = Events.eventArgs(event, args);
        BroadcastOptions opts = options();
        for (DefaultNamespace target : nsp.broadcastTargets()) {
            target.adapter().broadcast(SioPacket.event(target.name(), all), opts);
        }
        return true;
    }

    @Override
    public CompletableFuture<List<Args>> emitWithAck(String event, Object... args) {
        List<Object> all = Events.eventArgs(event, args);
        BroadcastOptions opts = options();
        Duration timeout = flags.timeout() != null ? flags.timeout() : nsp.serverImpl().options().ackTimeout();
        List<DefaultNamespace> targets = nsp.broadcastTargets();
        AckAggregator agg = new AckAggregator(targets.size());
        Runnable cancel = timeout == null ? () -> { } : nsp.schedule(() -> {
            if (agg.timeout()) {
                nsp.serverImpl().observeAck(true); // counted once per broadcast, as a socket's emitWithAck
            }
        }, timeout);
        agg.future().whenComplete((r, e) -> cancel.run());
        for (DefaultNamespace target : targets) {
            long ackId = target.nextAckId();
            target.adapter().broadcastWithAck(SioPacket.event(target.name(), ackId, all), opts,
                    agg::clientCount, agg::response);
            target.adapter().serverCount().whenComplete((n, e) -> agg.serverCount(e == null ? n : 1));
        }
        return agg.future();
    }

    @Override
    public CompletableFuture<List<RemoteSocket>> fetchSockets() {
        BroadcastOptions opts = options();
        List<CompletableFuture<List<RemoteSocket>>> parts = new ArrayList<>();
        for (DefaultNamespace target : nsp.broadcastTargets()) {
            parts.add(target.adapter().fetchSockets(opts));
        }
        return CompletableFuture.allOf(parts.toArray(new CompletableFuture<?>[0])).thenApply(v -> {
            List<RemoteSocket> out = new ArrayList<>();
            parts.forEach(p -> out.addAll(p.join()));
            return out;
        });
    }

    @Override
    public void socketsJoin(String... rooms) {
        Set<String> set = Set.of(rooms);
        for (DefaultNamespace target : nsp.broadcastTargets()) {
            target.adapter().addSockets(options(), set);
        }
    }

    @Override
    public void socketsLeave(String... rooms) {
        Set<String> set = Set.of(rooms);
        for (DefaultNamespace target : nsp.broadcastTargets()) {
            target.adapter().delSockets(options(), set);
        }
    }

    @Override
    public void disconnectSockets(boolean close) {
        for (DefaultNamespace target : nsp.broadcastTargets()) {
            target.adapter().disconnectSockets(options(), close);
        }
    }
}
