package io.zapsocket.sync.client;

import io.zapsocket.client.ClientSocket;
import io.zapsocket.protocol.Args;
import io.zapsocket.protocol.EventHandler;
import io.zapsocket.sync.SyncMapEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * A live copy of a replicated map on a Java client socket (docs/sync.md): subscribes on every (re)connection
 * ({@code map:subscribe}: a snapshot), then applies the {@code map:change} events in {@code seq} order (older ones are
 * dropped; a jump in {@code seq} subscribes again for a fresh snapshot). Writes go through {@link #set},
 * {@link #delete} and, on compare-and-set maps, {@link #compareAndSet}; their effect arrives as a change like anyone
 * else's.
 *
 * <p>Thread-safe; the listener runs on the client's listener thread with this object's monitor held.
 *
 * @since 0.2
 */
public final class MapView implements AutoCloseable {
    /**
     * Told after each change of the copy.
     *
     * @since 0.2
     */
    @FunctionalInterface
    public interface Listener {
        /** The live entries now, ordered by key. */
        void onChange(List<SyncMapEntry> entries);
    }

    private final ClientSocket socket;
    private final String map;
    private final Listener listener;
    private final EventHandler onChange = (args, ack) -> onChange(args);
    private final TreeMap<String, SyncMapEntry> entries = new TreeMap<>();
    private long seq = -1;
    private boolean closed;

    private MapView(ClientSocket socket, String map, Listener listener) {
        this.socket = socket;
        this.map = map;
        this.listener = listener;
    }

    /** Follows {@code map}; subscribes now if connected and after every reconnection. */
    public static MapView follow(ClientSocket socket, String map, Listener listener) {
        Objects.requireNonNull(socket, "socket");
        Objects.requireNonNull(map, "map");
        Objects.requireNonNull(listener, "listener");
        MapView v = new MapView(socket, map, listener);
        socket.on("map:change", v.onChange);
        socket.onConnect(v::subscribe);
        if (socket.connected()) {
            v.subscribe();
        }
        return v;
    }

    /** The live entries now, ordered by key (empty before the first snapshot). */
    public synchronized List<SyncMapEntry> entries() {
        return new ArrayList<>(entries.values());
    }

    private synchronized void subscribe() {
        if (closed) {
            return;
        }
        seq = -1; // changes before the new snapshot are in it
        socket.emitWithAck("map:subscribe", Map.of("map", map)).whenComplete(this::onSnapshot);
    }

    @SuppressWarnings("unchecked")
    private synchronized void onSnapshot(Args args, Throwable err) {
        if (closed || err != null || !(args.get(0) instanceof Map<?, ?> answer) || answer.containsKey("error")) {
            return; // refused or cut: the next connection subscribes again
        }
        entries.clear();
        ((Map<String, Object>) answer.get("entries")).forEach((key, e) -> {
            Map<String, Object> m = (Map<String, Object>) e;
            entries.put(key, new SyncMapEntry(map, key, m.get("value"), (String) m.get("stamp"),
                    ((Number) m.get("version")).longValue()));
        });
        seq = ((Number) answer.get("seq")).longValue();
        listener.onChange(entries());
    }

    private synchronized void onChange(Args args) {
        Map<String, Object> c = args.getMap(0);
        if (closed || !map.equals(c.get("map")) || seq < 0) {
            return;
        }
        long s = ((Number) c.get("seq")).longValue();
        if (s <= seq) {
            return;
        }
        if (s > seq + 1) {
            subscribe(); // a change was missed: take a fresh snapshot
            return;
        }
        seq = s;
        String key = (String) c.get("key");
        if (Boolean.TRUE.equals(c.get("deleted"))) {
            entries.remove(key);
        } else {
            entries.put(key, new SyncMapEntry(map, key, c.get("value"), (String) c.get("stamp"),
                    ((Number) c.get("version")).longValue()));
        }
        listener.onChange(entries());
    }

    /** Sets {@code key} (last-writer-wins maps); the answer is {@code {ok, applied, stamp, version}} or an error. */
    public CompletableFuture<Args> set(String key, Object value) {
        return socket.emitWithAck("map:set", Map.of("map", map, "key", key, "value", value));
    }

    /** Deletes {@code key} (last-writer-wins maps). */
    public CompletableFuture<Args> delete(String key) {
        return socket.emitWithAck("map:delete", Map.of("map", map, "key", key));
    }

    /**
     * Writes {@code key} if its version is {@code expectedVersion} (compare-and-set maps; 0: a new key);
     * {@code value} {@code null} deletes. A conflict answers {@code {"error": {"code": "conflict"}}}.
     */
    public CompletableFuture<Args> compareAndSet(String key, long expectedVersion, Object value) {
        return value == null
                ? socket.emitWithAck("map:delete", Map.of("map", map, "key", key, "version", expectedVersion))
                : socket.emitWithAck("map:set", Map.of("map", map, "key", key, "value", value, "version",
                        expectedVersion));
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
        socket.off("map:change", onChange);
        if (socket.connected()) {
            socket.emit("map:unsubscribe", Map.of("map", map));
        }
    }
}
