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
import java.util.concurrent.CompletableFuture;

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

    private final ClientSocket socket;
    private final String stream;
    private final Listener listener;
    private final int pageSize;
    private final EventHandler onPub = (args, ack) -> onPublication(args);
    private long offset = -1;
    private String epoch;
    /** Live publications held back while a subscribe answer or a gap fill is pending; {@code null} when none is. */
    private List<Map<String, Object>> pending;
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
        socket.onConnect(s::subscribe);
        if (socket.connected()) {
            s.subscribe();
        }
        return s;
    }

    /** The position of the last delivered publication (offset 0 or -1 before any). */
    public synchronized StreamPosition position() {
        return new StreamPosition(offset, epoch);
    }

    private void subscribe() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("stream", stream);
        synchronized (this) {
            if (closed) {
                return;
            }
            pending = new ArrayList<>();
            if (offset >= 0 && epoch != null) {
                body.put("since", Map.of("offset", offset, "epoch", epoch));
            }
        }
        socket.emitWithAck("sync:subscribe", body).whenComplete((args, err) -> onSubscribed(args, err));
    }

    @SuppressWarnings("unchecked")
    private synchronized void onSubscribed(Args args, Throwable err) {
        if (closed) {
            return;
        }
        Map<String, Object> answer = err == null ? args.getMap(0) : null;
        if (answer == null || answer.containsKey("error")) {
            pending = null;
            listener.onError(err != null ? err : refusal(answer));
            return;
        }
        epoch = (String) answer.get("epoch");
        List<Map<String, Object>> buffered = pending;
        pending = null;
        if (Boolean.TRUE.equals(answer.get("resync"))) {
            offset = ((Number) answer.get("offset")).longValue();
            listener.onResync(new StreamPosition(offset, epoch));
        }
        for (Object p : (List<Object>) answer.get("publications")) {
            apply((Map<String, Object>) p);
        }
        offset = Math.max(offset, ((Number) answer.get("offset")).longValue());
        replay(buffered);
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

    private void replay(List<Map<String, Object>> buffered) {
        if (buffered == null) {
            return;
        }
        for (int i = 0; i < buffered.size(); i++) {
            apply(buffered.get(i));
            if (pending != null) { // a gap fill started: hand it the rest
                pending.addAll(buffered.subList(i + 1, buffered.size()));
                return;
            }
        }
    }

    /** Delivers {@code p} if it is the next one; drops a duplicate; starts a gap fill on a jump. */
    private void apply(Map<String, Object> p) {
        long off = ((Number) p.get("offset")).longValue();
        String e = (String) p.get("epoch");
        if (epoch != null && !epoch.equals(e)) {
            resubscribe(); // the stream was reset: the subscribe answer says resync
            return;
        }
        if (off <= offset) {
            return; // duplicate
        }
        if (offset >= 0 && off > offset + 1) {
            pending = new ArrayList<>();
            pending.add(p);
            fill();
            return;
        }
        offset = off;
        listener.onPublication(new Publication(stream, off, e, ((Number) p.get("time")).longValue(), p.get("data")));
    }

    private void resubscribe() {
        if (pending == null) {
            pending = new ArrayList<>();
            CompletableFuture.runAsync(this::subscribe);
        }
    }

    private void fill() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("stream", stream);
        body.put("after", offset);
        body.put("limit", pageSize);
        body.put("epoch", epoch);
        socket.emitWithAck("sync:history", body).whenComplete(this::onPage);
    }

    @SuppressWarnings("unchecked")
    private synchronized void onPage(Args args, Throwable err) {
        if (closed) {
            return;
        }
        Map<String, Object> page = err == null ? args.getMap(0) : null;
        List<Map<String, Object>> buffered = pending;
        pending = null;
        if (page == null || page.containsKey("error") || !Boolean.TRUE.equals(page.get("complete"))) {
            if (page == null || page.containsKey("error")) {
                listener.onError(err != null ? err : refusal(page));
            }
            pending = new ArrayList<>();
            CompletableFuture.runAsync(this::subscribe); // resync or retry through a fresh subscribe
            return;
        }
        List<Object> pubs = (List<Object>) page.get("publications");
        for (Object p : pubs) {
            apply((Map<String, Object>) p);
        }
        replay(buffered);
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
