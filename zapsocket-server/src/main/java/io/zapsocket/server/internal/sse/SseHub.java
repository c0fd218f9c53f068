package io.zapsocket.server.internal.sse;

import io.zapsocket.server.adapter.Adapter;
import io.zapsocket.server.adapter.BroadcastOptions;
import io.zapsocket.server.adapter.PreparedPacket;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * One namespace's SSE subscribers, indexed by room: a broadcast (this node's or another's, as the adapter delivers
 * it) is turned into its frame once and offered to every subscriber it reaches. Thread-safe.
 */
public final class SseHub {
    private final Supplier<Adapter> adapter;
    private final boolean recovery;
    private final Set<SseSubscriber> all = ConcurrentHashMap.newKeySet();
    private final ConcurrentHashMap<String, Set<SseSubscriber>> byRoom = new ConcurrentHashMap<>();

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
        String frame = null;
        for (SseSubscriber s : candidates) {
            if (opts.reaches(s.rooms())) {
                if (frame == null) {
                    frame = SseFrames.frame(event);
                }
                s.offer(frame, event.offset());
            }
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
