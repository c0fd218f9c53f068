package io.zapsocket.server.internal.sse;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.EventLoop;
import io.zapsocket.server.adapter.Adapter;
import io.zapsocket.server.adapter.BroadcastOptions;
import io.zapsocket.server.adapter.PreparedPacket;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * One namespace's SSE subscribers, indexed by room: a broadcast (this node's or another's, as the adapter delivers
 * it) is encoded once, as one HTTP chunk, and every subscriber it reaches writes a duplicate of those bytes; the
 * subscribers of another event loop get them in one task per loop and broadcast. Thread-safe.
 */
public final class SseHub {
    private final Supplier<Adapter> adapter;
    private final boolean recovery;
    private final Set<SseSubscriber> all = ConcurrentHashMap.newKeySet();
    private final ConcurrentHashMap<String, Set<SseSubscriber>> byRoom = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<EventLoop, SseFlusher> flushers = new ConcurrentHashMap<>();

    /** @param recovery whether broadcasts carry an offset as their last argument (connection state recovery) */
    public SseHub(Supplier<Adapter> adapter, boolean recovery) {
        this.adapter = adapter;
        this.recovery = recovery;
    }

    Adapter adapter() {
        return adapter.get();
    }

    boolean recovery() {
        return recovery;
    }

    /** The flusher of the subscribers of {@code loop}. */
    SseFlusher flusher(EventLoop loop) {
        return flushers.computeIfAbsent(loop, SseFlusher::new);
    }

    public int size() {
        return all.size();
    }

    void add(SseSubscriber s) {
        all.add(s);
        for (String room : s.rooms()) {
            byRoom.computeIfAbsent(room, r -> ConcurrentHashMap.newKeySet()).add(s);
        }
    }

    void remove(SseSubscriber s) {
        all.remove(s);
        for (String room : s.rooms()) {
            byRoom.computeIfPresent(room, (r, set) -> {
                set.remove(s);
                return set.isEmpty() ? null : set;
            });
        }
    }

    /** Called by the namespace for every broadcast the adapter delivers on this node. */
    public void publish(PreparedPacket packet, BroadcastOptions opts) {
        if (all.isEmpty() || !packet.packet().isEventLike() || packet.packet().id() >= 0) {
            return;
        }
        List<SseSubscriber> candidates = candidates(opts);
        if (candidates.isEmpty()) {
            return;
        }
        SseFrames.Event event = SseFrames.event(packet.packet().args(), recovery && !opts.flags().isVolatile());
        if (event == null) {
            for (SseSubscriber s : candidates) {
                if (opts.reaches(s.rooms())) {
                    s.skipped();
                }
            }
            return;
        }
        ByteBuf chunk = null;
        Map<EventLoop, List<SseSubscriber>> elsewhere = null;
        try {
            for (SseSubscriber s : candidates) {
                if (!opts.reaches(s.rooms())) {
                    continue;
                }
                if (chunk == null) {
                    chunk = SseFrames.chunk(event, ByteBufAllocator.DEFAULT);
                }
                EventLoop loop = s.eventLoop();
                if (loop.inEventLoop()) {
                    s.offer(chunk.retainedDuplicate(), event.offset());
                } else {
                    if (elsewhere == null) {
                        elsewhere = new IdentityHashMap<>();
                    }
                    elsewhere.computeIfAbsent(loop, l -> new ArrayList<>()).add(s);
                }
            }
            if (elsewhere != null) {
                for (Map.Entry<EventLoop, List<SseSubscriber>> e : elsewhere.entrySet()) {
                    deliver(e.getKey(), e.getValue(), chunk.retainedDuplicate(), event.offset());
                }
            }
        } finally {
            if (chunk != null) {
                chunk.release();
            }
        }
    }

    /** Hands {@code chunk} (owned) to {@code subscribers}, all of {@code loop}, in one task on it. */
    private static void deliver(EventLoop loop, List<SseSubscriber> subscribers, ByteBuf chunk, String offset) {
        Runnable task = () -> {
            try {
                for (SseSubscriber s : subscribers) {
                    s.offer(chunk.retainedDuplicate(), offset);
                }
            } finally {
                chunk.release();
            }
        };
        try {
            loop.execute(task);
        } catch (RuntimeException e) { // the loop is shutting down: its subscribers are gone with it
            chunk.release();
        }
    }

    private List<SseSubscriber> candidates(BroadcastOptions opts) {
        if (opts.rooms().isEmpty()) {
            return new ArrayList<>(all);
        }
        if (opts.rooms().size() == 1) {
            Set<SseSubscriber> members = byRoom.get(opts.rooms().iterator().next());
            return members == null ? List.of() : new ArrayList<>(members);
        }
        Set<SseSubscriber> union = Collections.newSetFromMap(new IdentityHashMap<>());
        for (String room : opts.rooms()) {
            Set<SseSubscriber> members = byRoom.get(room);
            if (members != null) {
                union.addAll(members);
            }
        }
        return new ArrayList<>(union);
    }

    /** Ends every subscription (server closing). */
    public void closeAll() {
        for (SseSubscriber s : new ArrayList<>(all)) {
            s.close("server closing");
        }
    }
}
