package io.zapsocket.sync.internal;

import io.zapsocket.protocol.Ack;
import io.zapsocket.protocol.Args;
import io.zapsocket.server.ServerSocket;
import io.zapsocket.sync.SyncAction;
import io.zapsocket.sync.SyncError;
import io.zapsocket.sync.SyncException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The typing helper (docs/sync.md): {@code typing:start} / {@code typing:stop} {room}. Ephemeral state per room and
 * socket, kept on the socket's node only: it expires {@code typingTimeout} after the last start, and is sent as the
 * volatile event {@code typing} {room, key, typing} to the room's presence subscribers (through the namespace's
 * adapter, so cluster-wide with a cluster adapter). Throttled: repeated starts within {@code typingThrottle} only
 * extend the expiry; the event goes out at most once per throttle period per socket and room, plus once when it stops.
 */
final class TypingHandlers {
    static final String EVENT = "typing";

    private final DefaultSync sync;
    private final long timeoutNanos;
    private final long throttleNanos;
    private final ConcurrentHashMap<String, Typing> typing = new ConcurrentHashMap<>();
    private final ScheduledExecutorService sweeper;

    /** One socket typing in one room. */
    private static final class Typing {
        final String room;
        final String key;
        final String socketId;
        volatile long expires;
        volatile long sent;

        Typing(String room, String key, String socketId) {
            this.room = room;
            this.key = key;
            this.socketId = socketId;
        }
    }

    TypingHandlers(DefaultSync sync) {
        this.sync = sync;
        this.timeoutNanos = sync.options.typingTimeout().toNanos();
        this.throttleNanos = sync.options.typingThrottle().toNanos();
        this.sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "zapsocket-sync-typing");
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(50, sync.options.typingTimeout().toMillis() / 4);
        sweeper.scheduleWithFixedDelay(this::sweep, every, every, TimeUnit.MILLISECONDS);
    }

    void install(ServerSocket socket) {
        socket.on("typing:start", (args, ack) -> StreamHandlers.guarded("typing:start", ack,
                () -> request(socket, args, ack, true)));
        socket.on("typing:stop", (args, ack) -> StreamHandlers.guarded("typing:stop", ack,
                () -> request(socket, args, ack, false)));
        socket.onDisconnect((reason, description) -> typing.values().removeIf(t -> {
            if (t.socketId.equals(socket.id())) {
                send(t, false);
                return true;
            }
            return false;
        }));
    }

    private void request(ServerSocket socket, Args args, Ack ack, boolean start) {
        String room = Requests.name(Requests.body(args), "room", sync.options.maxRoomNameLength());
        if (start && !sync.options.authorizer().allow(socket, SyncAction.TRACK_PRESENCE, room)) {
            throw new SyncException(SyncError.FORBIDDEN, "TRACK_PRESENCE on '" + room + "' is not allowed");
        }
        set(socket, room, start);
        ack.send(Map.of("ok", true));
    }

    /** Starts (or refreshes) or stops {@code socket} typing in {@code room}. */
    void set(ServerSocket socket, String room, boolean start) {
        String id = room + '\u0000' + socket.id();
        if (!start) {
            Typing t = typing.remove(id);
            if (t != null) {
                send(t, false);
            }
            return;
        }
        long now = System.nanoTime();
        Typing t = typing.computeIfAbsent(id, k -> new Typing(room, sync.options.presenceKey().apply(socket),
                socket.id()));
        t.expires = now + timeoutNanos;
        if (t.sent == 0 || now - t.sent >= throttleNanos) {
            t.sent = now == 0 ? 1 : now;
            send(t, true);
        }
    }

    private void sweep() {
        long now = System.nanoTime();
        typing.values().removeIf(t -> {
            if (now - t.expires >= 0) {
                send(t, false);
                return true;
            }
            return false;
        });
    }

    private void send(Typing t, boolean on) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("room", t.room);
        m.put("key", t.key);
        m.put("typing", on);
        sync.namespace.to(DefaultSync.PRESENCE_ROOM_PREFIX + t.room).asVolatile().emit(EVENT, m);
    }

    void close() {
        sweeper.shutdownNow();
    }
}
