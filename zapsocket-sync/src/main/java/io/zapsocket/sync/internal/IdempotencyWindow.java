package io.zapsocket.sync.internal;

import io.zapsocket.protocol.Ack;
import io.zapsocket.protocol.Args;
import io.zapsocket.server.PacketMiddleware;
import io.zapsocket.server.ServerSocket;
import io.zapsocket.sync.SocketEventHandler;
import io.zapsocket.sync.SyncError;
import io.zapsocket.sync.SyncException;
import io.zapsocket.protocol.json.Json;
import io.zapsocket.sync.store.SyncStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Idempotent emits (docs/sync.md): a client marks an emit with a trailing argument {@code {"zs:idem": "<key>"}}; for
 * the events declared idempotent, the first emit of a key runs the handler and its answer is kept in a bounded window
 * (count and age); a repeat of the key is answered with that answer (or, while the handler has not answered yet, when
 * it does) without running the handler again. Keys are scoped by the socket's user (the inbox user), so one user's
 * keys never meet another's. For the other events the marker is only removed, so handlers never see it.
 *
 * <p>No lock: the window is a concurrent map, each entry a small state machine (waiting acks → answer) on an
 * {@link AtomicReference}; eviction follows insertion order.
 *
 * <p>With a store that {@linkplain SyncStore#sharesIdempotency() shares} keys (Redis), this node's window is the
 * first level (repeats on this node never ask the store) and the store the second: the first emit of a key on this
 * node claims it in the store; if another node claimed it, its answer (stored there) is the answer here too, and
 * the handler does not run. A claimed key's handler runs on one of this module's threads ({@code zapsocket-sync-idem},
 * since the claim completes on the store's I/O thread); its answer is stored for the window. A store failure answers
 * {@code unavailable} and forgets the key here, so a retry asks again.
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
    /** The shared store (null: this node's window only), its bounds, and the threads that run claimed handlers. */
    private final SyncStore shared;
    private final Duration pendingTimeout;
    private final Duration windowTtl;
    private final int maxAnswerBytes;
    private final ExecutorService runner;

    IdempotencyWindow(int maxKeys, long ttlNanos, int maxKeyLength, Function<ServerSocket, String> scope) {
        this(maxKeys, ttlNanos, maxKeyLength, scope, null, null, 0);
    }

    IdempotencyWindow(int maxKeys, long ttlNanos, int maxKeyLength, Function<ServerSocket, String> scope,
                      SyncStore shared, Duration pendingTimeout, int maxAnswerBytes) {
        this.maxKeys = maxKeys;
        this.ttlNanos = ttlNanos;
        this.maxKeyLength = maxKeyLength;
        this.scope = scope;
        this.shared = shared != null && shared.sharesIdempotency() ? shared : null;
        this.pendingTimeout = pendingTimeout;
        this.windowTtl = Duration.ofNanos(ttlNanos);
        this.maxAnswerBytes = maxAnswerBytes;
        this.runner = this.shared == null ? null : Executors.newFixedThreadPool(RUNNER_THREADS, r -> {
            Thread t = new Thread(r, "zapsocket-sync-idem-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Threads that run claimed handlers with a shared store. */
    static final int RUNNER_THREADS = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
    private static final AtomicLong THREADS = new AtomicLong();
    private static final Logger log = LoggerFactory.getLogger(IdempotencyWindow.class);

    /** Stops the handler threads (shared store). */
    void close() {
        if (runner != null) {
            runner.shutdown();
        }
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
        boolean complete(Object[] answer) {
            while (true) {
                Object s = state.get();
                if (s instanceof Object[]) {
                    return false; // only the first answer counts
                }
                if (state.compareAndSet(s, answer)) {
                    ((List<Ack>) s).forEach(a -> a.send(answer));
                    return true;
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
            if (shared != null) {
                fresh.answer(ack); // answered when the first answer is known, here or on another node
                claim(socket, event, handler, rest, full, fresh);
                return;
            }
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

    /** Shared store: claims the key, then runs the handler here or takes the answer another node stored. */
    private void claim(ServerSocket socket, String event, SocketEventHandler handler, Args rest, String full,
                       Entry fresh) {
        String token = Ids.epoch();
        shared.idempotencyClaim(full, token, pendingTimeout).whenComplete((claim, e) -> {
            if (e != null) {
                log.warn("idempotent {}: cannot claim a key in the sync store: {}", event, Requests.unwrap(e));
                fail(full, fresh, event, SyncError.UNAVAILABLE, "the sync store failed; send it again");
            } else if (!claim.claimed()) {
                replays.incrementAndGet();
                if (claim.answerJson() == null) {
                    fail(full, fresh, event, SyncError.TOO_LARGE,
                            "the first answer to this key was too large (or binary) to keep across nodes");
                } else {
                    fresh.complete(((List<?>) Json.parse(claim.answerJson())).toArray());
                }
            } else {
                try {
                    runner.execute(() -> run(socket, event, handler, rest, full, fresh, token));
                } catch (RuntimeException rejected) {
                    shared.idempotencyRelease(full, token);
                    fail(full, fresh, event, SyncError.UNAVAILABLE, "the sync layer is closed");
                }
            }
        });
    }

    private void run(ServerSocket socket, String event, SocketEventHandler handler, Args rest, String full,
                     Entry fresh, String token) {
        runs.incrementAndGet();
        try {
            handler.handle(socket, rest, new Ack() {
                @Override
                public boolean requested() {
                    return true;
                }

                @Override
                public void send(Object... answer) {
                    Object[] copy = answer == null ? new Object[0] : answer.clone();
                    if (fresh.complete(copy)) {
                        shared.idempotencyAnswer(full, keptJson(copy), windowTtl).exceptionally(e -> {
                            log.warn("idempotent {}: cannot store an answer in the sync store: {}", event,
                                    Requests.unwrap(e));
                            return null;
                        });
                    }
                }
            });
        } catch (Exception | Error e) {
            window.remove(full, fresh); // no answer: a retry runs the handler again
            shared.idempotencyRelease(full, token);
            log.warn("idempotent {} on socket {}: the handler failed", event, socket.id(), e);
        }
    }

    /** Answers the emits waiting on {@code fresh} with an error, and forgets the key here (a retry asks again). */
    private void fail(String full, Entry fresh, String event, SyncError error, String message) {
        window.remove(full, fresh);
        Map<String, Object> err = new java.util.LinkedHashMap<>();
        err.put("code", error.code());
        err.put("message", message);
        fresh.complete(new Object[] {Map.of("error", err)});
    }

    /** The answer as JSON to keep in the store, or {@code null} (binary, not JSON, or above the data bound). */
    private String keptJson(Object[] answer) {
        if (binary(java.util.Arrays.asList(answer))) {
            return null;
        }
        try {
            String json = Json.stringify(java.util.Arrays.asList(answer));
            return json.getBytes(StandardCharsets.UTF_8).length > maxAnswerBytes ? null : json;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static boolean binary(Object o) {
        if (o instanceof byte[] || o instanceof java.nio.ByteBuffer) {
            return true;
        }
        if (o instanceof Map<?, ?> m) {
            return m.values().stream().anyMatch(IdempotencyWindow::binary);
        }
        if (o instanceof java.util.Collection<?> c) {
            return c.stream().anyMatch(IdempotencyWindow::binary);
        }
        return o instanceof Object[] a && binary(java.util.Arrays.asList(a));
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
