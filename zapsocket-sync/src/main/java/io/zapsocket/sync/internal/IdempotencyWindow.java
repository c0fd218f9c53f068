package io.zapsocket.sync.internal;

import io.zapsocket.protocol.Ack;
import io.zapsocket.protocol.Args;
import io.zapsocket.server.PacketMiddleware;
import io.zapsocket.server.ServerSocket;
import io.zapsocket.sync.SocketEventHandler;
import io.zapsocket.sync.SyncError;
import io.zapsocket.sync.SyncException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * Idempotent emits (docs/sync.md): a client marks an emit with a trailing argument {@code {"zs:idem": "<key>"}}; for
 * the events declared idempotent, the first emit of a key runs the handler and its answer is kept in a bounded window
 * (count and age); a repeat of the key is answered with that answer (or, while the handler has not answered yet, when
 * it does) without running the handler again. Keys are scoped by the socket's user (the inbox user), so one user's
 * keys never meet another's. For the other events the marker is only removed, so handlers never see it.
 *
 * <p>No lock: the window is a concurrent map, each entry a small state machine (waiting acks → answer) on an
 * {@link AtomicReference}; eviction follows insertion order.
 */
final class IdempotencyWindow {
    static final String MARKER = "zs:idem";

    private final int maxKeys;
    private final long ttlNanos;
    private final int maxKeyLength;
    private final Function<ServerSocket, String> scope;
    private final ConcurrentHashMap<String, Entry> window = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Entry> order = new ConcurrentLinkedQueue<>();
    private final Set<String> declared = ConcurrentHashMap.newKeySet();
    private final AtomicLong runs = new AtomicLong();
    private final AtomicLong replays = new AtomicLong();

    IdempotencyWindow(int maxKeys, long ttlNanos, int maxKeyLength, Function<ServerSocket, String> scope) {
        this.maxKeys = maxKeys;
        this.ttlNanos = ttlNanos;
        this.maxKeyLength = maxKeyLength;
        this.scope = scope;
    }

    /** One key: the acks waiting for the first answer ({@code List<Ack>}), then the answer ({@code Object[]}). */
    private static final class Entry {
        final String key;
        final long created = System.nanoTime();
        final AtomicReference<Object> state = new AtomicReference<>(List.of());

        Entry(String key) {
            this.key = key;
        }

        @SuppressWarnings("unchecked")
        void answer(Ack ack) {
            while (true) {
                Object s = state.get();
                if (s instanceof Object[] answer) {
                    ack.send(answer);
                    return;
                }
                List<Ack> waiting = new ArrayList<>((List<Ack>) s);
                waiting.add(ack);
                if (state.compareAndSet(s, List.copyOf(waiting))) {
                    return;
                }
            }
        }

        @SuppressWarnings("unchecked")
        void complete(Object[] answer) {
            while (true) {
                Object s = state.get();
                if (s instanceof Object[]) {
                    return; // only the first answer counts
                }
                if (state.compareAndSet(s, answer)) {
                    ((List<Ack>) s).forEach(a -> a.send(answer));
                    return;
                }
            }
        }
    }

    /** Declares {@code event} idempotent (its marker is kept for the handler {@link #wrap} made). */
    void declare(String event) {
        declared.add(event);
    }

    /** Removes the marker from the events that are not declared idempotent. */
    PacketMiddleware middleware() {
        return (packet, next) -> {
            if (packet.size() >= 2 && isMarker(packet.get(packet.size() - 1))
                    && !declared.contains(String.valueOf(packet.get(0)))) {
                packet.remove(packet.size() - 1);
            }
            next.proceed();
        };
    }

    static boolean isMarker(Object o) {
        return o instanceof Map<?, ?> m && m.size() == 1 && m.containsKey(MARKER);
    }

    /** The handler of an idempotent event on {@code socket}. */
    io.zapsocket.protocol.EventHandler wrap(ServerSocket socket, String event, SocketEventHandler handler) {
        return (args, ack) -> {
            if (args.isEmpty() || !isMarker(args.get(args.size() - 1))) {
                runs.incrementAndGet();
                handler.handle(socket, args, ack); // a client that sends no key: as before
                return;
            }
            Object k = ((Map<?, ?>) args.get(args.size() - 1)).get(MARKER);
            if (!(k instanceof String key) || key.isEmpty() || key.length() > maxKeyLength) {
                Requests.fail(ack, event, new SyncException(SyncError.BAD_REQUEST,
                        "the idempotency key must be a string of 1.." + maxKeyLength + " characters"));
                return;
            }
            Args rest = Args.of(new ArrayList<>(args.list().subList(0, args.size() - 1)));
            String user = scope.apply(socket);
            String full = (user == null ? "" : user) + '\u0000' + key;
            Entry fresh = new Entry(full);
            while (true) {
                Entry prev = window.putIfAbsent(full, fresh);
                if (prev == null) {
                    break;
                }
                if (System.nanoTime() - prev.created < ttlNanos) {
                    replays.incrementAndGet();
                    prev.answer(ack);
                    return;
                }
                window.remove(full, prev); // expired: this emit counts as a first one
            }
            order.add(fresh);
            evict();
            runs.incrementAndGet();
            try {
                handler.handle(socket, rest, new Ack() {
                    @Override
                    public boolean requested() {
                        return ack.requested();
                    }

                    @Override
                    public void send(Object... answer) {
                        fresh.complete(answer == null ? new Object[0] : answer.clone());
                        ack.send(answer);
                    }
                });
            } catch (Exception | Error e) {
                window.remove(full, fresh); // no answer: a retry runs the handler again
                throw e;
            }
        };
    }

    private void evict() {
        long now = System.nanoTime();
        Entry head;
        while ((head = order.peek()) != null && (window.size() > maxKeys || now - head.created >= ttlNanos)) {
            Entry oldest = order.poll(); // (another thread may have taken that head: then this is the next one)
            if (oldest != null) {
                window.remove(oldest.key, oldest);
            }
        }
    }

    /** Handler runs and replayed answers so far (for tests and stats). */
    long runs() {
        return runs.get();
    }

    long replays() {
        return replays.get();
    }
}
