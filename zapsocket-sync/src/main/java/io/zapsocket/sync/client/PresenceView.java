package io.zapsocket.sync.client;

import io.zapsocket.client.ClientSocket;
import io.zapsocket.protocol.Args;
import io.zapsocket.protocol.EventHandler;
import io.zapsocket.sync.PresenceEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A live view of a room's presence on a Java client socket (docs/sync.md): subscribes on every (re)connection
 * ({@code presence:subscribe}), takes the state, then merges the {@code presence:diff} events in version order
 * (older ones are dropped), Phoenix style: one entry per key with the metas of all its sockets. The listener gets
 * the whole list after each change.
 *
 * <p>Thread-safe; the listener runs on the client's listener thread with this object's monitor held.
 *
 * @since 0.2
 */
public final class PresenceView implements AutoCloseable {
    /**
     * Told after each change of the view.
     *
     * @since 0.2
     */
    @FunctionalInterface
    public interface Listener {
        /** The members now: one entry per key, ordered by key, metas ordered by ref. */
        void onChange(List<PresenceEntry> members);
    }

    private static final int MAX_HELD = 64;

    private final ClientSocket socket;
    private final String room;
    private final Listener listener;
    private final EventHandler onDiff = (args, ack) -> onDiff(args);
    /** key → ref → meta. */
    private final TreeMap<String, TreeMap<String, Map<String, Object>>> state = new TreeMap<>();
    private long version = -1;
    /** Diffs that arrived while a subscribe was pending ({@code null}: none pending); applied after its state. */
    private List<Map<String, Object>> pending;
    /** Diffs that came before the one preceding them (version → diff), held until it comes. */
    private final TreeMap<Long, Map<String, Object>> early = new TreeMap<>();
    private long requests;
    private boolean closed;

    private PresenceView(ClientSocket socket, String room, Listener listener) {
        this.socket = socket;
        this.room = room;
        this.listener = listener;
    }

    /** Follows the presence of {@code room}; subscribes now if connected and after every reconnection. */
    public static PresenceView follow(ClientSocket socket, String room, Listener listener) {
        Objects.requireNonNull(socket, "socket");
        Objects.requireNonNull(room, "room");
        Objects.requireNonNull(listener, "listener");
        PresenceView v = new PresenceView(socket, room, listener);
        socket.on("presence:diff", v.onDiff);
        socket.onConnect(v::subscribe);
        if (socket.connected()) {
            v.subscribe();
        }
        return v;
    }

    /** The members now (empty before the first answer). */
    public synchronized List<PresenceEntry> members() {
        List<PresenceEntry> out = new ArrayList<>(state.size());
        state.forEach((key, metas) -> {
            List<PresenceEntry.Meta> list = new ArrayList<>(metas.size());
            metas.forEach((ref, meta) -> list.add(new PresenceEntry.Meta(ref, meta)));
            out.add(new PresenceEntry(key, list));
        });
        return out;
    }

    private synchronized void subscribe() {
        if (closed) {
            return;
        }
        version = -1; // diffs before the new state are in it
        pending = new ArrayList<>(); // diffs may overtake the answer: they wait for it
        early.clear();
        long id = ++requests;
        socket.emitWithAck("presence:subscribe", Map.of("room", room)).whenComplete((a, e) -> onState(id, a, e));
    }

    @SuppressWarnings("unchecked")
    private synchronized void onState(long id, Args args, Throwable err) {
        if (closed || id != requests) {
            return; // superseded by a later subscribe
        }
        List<Map<String, Object>> buffered = pending;
        pending = null;
        if (err != null || !(args.get(0) instanceof Map<?, ?> answer) || answer.containsKey("error")) {
            return; // refused or cut: the next connection subscribes again
        }
        state.clear();
        merge((Map<String, Object>) answer.get("state"), true);
        version = ((Number) answer.get("version")).longValue();
        listener.onChange(members());
        buffered.forEach(this::diff);
    }

    private synchronized void onDiff(Args args) {
        Map<String, Object> d = args.getMap(0);
        if (!closed && room.equals(d.get("room"))) {
            diff(d);
        }
    }

    /**
     * Applies diffs in version order: every change increments the room's version, but diffs made on different server
     * threads may arrive out of order, so one that skips a version is held until the missing one comes (more than
     * {@link #MAX_HELD} held: a fresh state is taken).
     */
    private void diff(Map<String, Object> d) {
        if (pending != null) {
            pending.add(d);
            return;
        }
        long v = ((Number) d.get("version")).longValue();
        if (version < 0 || v <= version) {
            return; // already in the state
        }
        if (v > version + 1) {
            early.put(v, d);
            if (early.size() > MAX_HELD && socket.connected()) {
                subscribe();
            }
            return;
        }
        apply(d);
        for (Map<String, Object> next; (next = early.remove(version + 1)) != null; ) {
            apply(next);
        }
        early.headMap(version, true).clear();
    }

    @SuppressWarnings("unchecked")
    private void apply(Map<String, Object> d) {
        version = ((Number) d.get("version")).longValue();
        merge((Map<String, Object>) d.get("leaves"), false);
        merge((Map<String, Object>) d.get("joins"), true);
        listener.onChange(members());
    }

    @SuppressWarnings("unchecked")
    private void merge(Map<String, Object> byKey, boolean join) {
        if (byKey == null) {
            return;
        }
        byKey.forEach((key, metas) -> {
            for (Object o : (List<Object>) metas) {
                Map<String, Object> m = (Map<String, Object>) o;
                String ref = (String) m.get("ref");
                if (join) {
                    Object meta = m.get("meta");
                    state.computeIfAbsent(key, k -> new TreeMap<>()).put(ref,
                            meta instanceof Map<?, ?> mm ? (Map<String, Object>) mm : Map.of());
                } else {
                    TreeMap<String, Map<String, Object>> refs = state.get(key);
                    if (refs != null) {
                        refs.remove(ref);
                        if (refs.isEmpty()) {
                            state.remove(key);
                        }
                    }
                }
            }
        });
    }

    /** Stops following (unsubscribes when connected). */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        socket.off("presence:diff", onDiff);
        if (socket.connected()) {
            socket.emit("presence:unsubscribe", Map.of("room", room));
        }
    }
}
