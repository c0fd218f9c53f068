package io.zapsocket.sync.client;

import io.zapsocket.client.ClientSocket;
import io.zapsocket.protocol.Args;
import io.zapsocket.protocol.EventHandler;
import io.zapsocket.sync.Publication;
import io.zapsocket.sync.StreamPosition;
import io.zapsocket.sync.SyncError;
import io.zapsocket.sync.SyncException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Follows a stream room from a Java client, as docs/sync.md describes: subscribes on every (re)connection of the
 * socket, resuming from the last offset it delivered; drops duplicates; fills gaps (an offset jump) with
 * {@code sync:history} pages; tells the {@link Listener} to resync when the history no longer holds (another epoch,
 * or trimmed). The listener gets each publication once, in offset order.
 *
 * <p>Thread-safe; the listener is called with this object's monitor held (from the client's listener thread), so it
 * must not block.
 *
 * @since 0.2
 */
public final class StreamSubscription implements AutoCloseable {
    /**
     * What a {@link StreamSubscription} reports.
     *
     * @since 0.2
     */
    public interface Listener {
        /** The next publication, in offset order, once. */
        void onPublication(Publication publication);

        /**
         * The history since the last position is lost (another epoch, or trimmed): reload the state from its source
         * of truth; publications continue after {@code position}.
         */
        default void onResync(StreamPosition position) {
        }

        /** A request was refused ({@link SyncException}) or failed; the subscription retries on the next connect. */
        default void onError(Throwable error) {
        }
    }

    /** How long to wait before subscribing again after a refused or failed subscribe (while connected). */
    private static final long RETRY_MILLIS = 500;

    /** One daemon thread for the delayed retries of every subscription of the process (created on first use). */
    private static final class Retries {
        static final ScheduledExecutorService SCHEDULER = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "zapsocket-sync-retry");
            t.setDaemon(true);
            return t;
        });
    }

    private final ClientSocket socket;
    private final String stream;
    private final Listener listener;
    private final int pageSize;
    private final EventHandler onPub = (args, ack) -> onPublication(args);
    private final Runnable onConnect = this::subscribe;
    private long offset = -1;
    private String epoch;
    /**
     * Live publications held back while a subscribe answer or a gap fill is pending, in arrival order (then the rest
     * of an answer whose application started a gap fill); {@code null} when nothing is pending.
     */
    private List<Map<String, Object>> pending;
    /** The id of the request (subscribe or history page) whose answer is awaited; answers to older ones are stale. */
    private long request;
    private long requests;
    private boolean closed;

    private StreamSubscription(ClientSocket socket, String stream, StreamPosition from, Listener listener,
            int pageSize) {
        this.socket = socket;
        this.stream = stream;
        this.listener = listener;
        this.pageSize = pageSize;
        if (from != null) {
            this.offset = from.offset();
            this.epoch = from.epoch();
        }
    }

    /**
     * Follows {@code stream} on {@code socket} from now on ({@code from == null}) or from a saved position; subscribes
     * now if the socket is connected and again after every reconnection.
     *
     * @param pageSize the page size of gap fills (at most the server's {@code maxPageSize}, default 100)
     */
    public static StreamSubscription follow(ClientSocket socket, String stream, StreamPosition from, int pageSize,
            Listener listener) {
        Objects.requireNonNull(socket, "socket");
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(listener, "listener");
        if (pageSize < 1) {
            throw new IllegalArgumentException("pageSize must be >= 1: " + pageSize);
        }
        StreamSubscription s = new StreamSubscription(socket, stream, from, listener, pageSize);
        socket.on("sync:pub", s.onPub);
        socket.onConnect(s.onConnect);
        if (socket.connected()) {
            s.subscribe();
        }
        return s;
    }

    /** The position of the last delivered publication (offset 0 or -1 before any). */
    public synchronized StreamPosition position() {
        return new StreamPosition(offset, epoch);
    }

    /**
     * Subscribes (again), resuming from the last delivered position: everything pending is dropped (the answer
     * covers it) and answers to earlier requests are ignored from now on.
     */
    private synchronized void subscribe() {
        if (closed) {
            return;
        }
        long id = ++requests;
        request = id;
        pending = new ArrayList<>();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("stream", stream);
        if (offset >= 0 && epoch != null) {
            body.put("since", Map.of("offset", offset, "epoch", epoch));
        }
        // the state is settled before sending: an answer that completes at once (a refusal) finds it consistent
        socket.emitWithAck("sync:subscribe", body).whenComplete((args, err) -> onSubscribed(id, args, err));
    }

    @SuppressWarnings("unchecked")
    private synchronized void onSubscribed(long id, Args args, Throwable err) {
        if (closed || id != request) {
            return; // stale: a later subscribe superseded it
        }
        request = 0;
        Map<String, Object> answer = err == null ? args.getMap(0) : null;
        List<Map<String, Object>> buffered = pending;
        pending = null;
        if (answer == null || answer.containsKey("error")) {
            listener.onError(err != null ? err : refusal(answer));
            if (socket.connected()) { // else the next connect subscribes
                Retries.SCHEDULER.schedule(this::retry, RETRY_MILLIS, TimeUnit.MILLISECONDS);
            }
            return;
        }
        epoch = (String) answer.get("epoch");
        List<Map<String, Object>> pubs = (List<Map<String, Object>>) answer.get("publications");
        // where the answer starts: the publication before its first one, or (none) the stream's position
        long base = pubs.isEmpty() ? ((Number) answer.get("offset")).longValue() : offsetOf(pubs.get(0)) - 1;
        if (Boolean.TRUE.equals(answer.get("resync"))) {
            offset = base;
            listener.onResync(new StreamPosition(offset, epoch));
        } else if (offset < 0) {
            offset = base; // a fresh subscription starts where the stream is
        }
        applyAll(pubs);
        applyAll(buffered);
    }

    private synchronized void retry() {
        if (!closed && request == 0 && pending == null && socket.connected()) {
            subscribe();
        }
    }

    private synchronized void onPublication(Args args) {
        Map<String, Object> p = args.getMap(0);
        if (closed || !stream.equals(p.get("stream"))) {
            return;
        }
        if (pending != null) {
            pending.add(p);
        } else {
            apply(p);
        }
    }

    /**
     * Applies publications in order until one starts a gap fill (or a resubscribe); the rest wait in
     * {@link #pending} behind it.
     */
    private void applyAll(List<Map<String, Object>> pubs) {
        if (pubs == null) {
            return;
        }
        for (Map<String, Object> p : pubs) {
            if (pending != null) {
                pending.add(p);
            } else {
                apply(p);
            }
        }
    }

    private static long offsetOf(Map<String, Object> p) {
        return ((Number) p.get("offset")).longValue();
    }

    /** Delivers {@code p} if it is the next one; drops a duplicate; starts a gap fill on a jump. */
    private void apply(Map<String, Object> p) {
        long off = offsetOf(p);
        String e = (String) p.get("epoch");
        if (epoch != null && !epoch.equals(e)) {
            subscribe(); // the stream was reset: the subscribe answer says resync
            return;
        }
        if (off <= offset) {
            return; // duplicate
        }
        if (offset >= 0 && off > offset + 1) {
            fill(p);
            return;
        }
        offset = off;
        listener.onPublication(new Publication(stream, off, e, ((Number) p.get("time")).longValue(), p.get("data")));
    }

    /** Asks for the page after the last delivered offset; {@code p} (and what follows) waits in {@link #pending}. */
    private void fill(Map<String, Object> p) {
        long id = ++requests;
        request = id;
        pending = new ArrayList<>();
        pending.add(p);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("stream", stream);
        body.put("after", offset);
        body.put("limit", pageSize);
        body.put("epoch", epoch);
        socket.emitWithAck("sync:history", body).whenComplete((args, err) -> onPage(id, args, err));
    }

    @SuppressWarnings("unchecked")
    private synchronized void onPage(long id, Args args, Throwable err) {
        if (closed || id != request) {
            return; // stale: a later subscribe or fill superseded it
        }
        request = 0;
        Map<String, Object> page = err == null ? args.getMap(0) : null;
        List<Map<String, Object>> buffered = pending;
        pending = null;
        if (page == null || page.containsKey("error") || !Boolean.TRUE.equals(page.get("complete"))) {
            if (page == null || page.containsKey("error")) {
                listener.onError(err != null ? err : refusal(page));
            }
            if (socket.connected()) { // resync or retry through a fresh subscribe (else the next connect does)
                subscribe();
            }
            return;
        }
        applyAll((List<Map<String, Object>>) page.get("publications"));
        applyAll(buffered);
    }

    @SuppressWarnings("unchecked")
    private static SyncException refusal(Map<String, Object> answer) {
        Map<String, Object> e = (Map<String, Object>) answer.get("error");
        SyncError error = SyncError.UNAVAILABLE;
        for (SyncError candidate : SyncError.values()) {
            if (candidate.code().equals(e.get("code"))) {
                error = candidate;
            }
        }
        return new SyncException(error, String.valueOf(e.get("message")));
    }

    /** Stops following: unsubscribes and removes the event handler. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        socket.off("sync:pub", onPub);
        if (socket.connected()) {
            socket.emitWithAck("sync:unsubscribe", Map.of("stream", stream));
        }
    }
}
