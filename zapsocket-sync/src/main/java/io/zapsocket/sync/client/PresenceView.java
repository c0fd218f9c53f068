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

    private final ClientSocket socket;
    private final String room;
    private final Listener listener;
    private final EventHandler onDiff = (args, ack) -> onDiff(args);
    /** key → ref → meta. */
    private final TreeMap<String, TreeMap<String, Map<String, Object>>> state = new TreeMap<>();
    private long version = -1;
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
        socket.emitWithAck("presence:subscribe", Map.of("room", room)).whenComplete(this::onState);
    }

    @SuppressWarnings("unchecked")
    private synchronized void onState(Args args, Throwable err) {
        if (closed || err != null || !(args.get(0) instanceof Map<?, ?> answer) || answer.containsKey("error")) {
            return; // refused or cut: the next connection subscribes again
        }
        state.clear();
        merge((Map<String, Object>) answer.get("state"), true);
        version = ((Number) answer.get("version")).longValue();
        listener.onChange(members());
    }

    @SuppressWarnings("unchecked")
    private synchronized void onDiff(Args args) {
        Map<String, Object> d = args.getMap(0);
        if (closed || !room.equals(d.get("room")) || version < 0) {
            return;
        }
        long v = ((Number) d.get("version")).longValue();
        if (v <= version) {
            return; // already in the state
        }
        version = v;
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
