package io.zapsocket.sync.internal;

import io.zapsocket.protocol.Ack;
import io.zapsocket.protocol.Args;
import io.zapsocket.server.ServerSocket;
import io.zapsocket.sync.HistoryPage;
import io.zapsocket.sync.Publication;
import io.zapsocket.sync.SyncAction;
import io.zapsocket.sync.SyncError;
import io.zapsocket.sync.SyncException;
import io.zapsocket.sync.store.StoredEntry;
import io.zapsocket.sync.store.StreamRead;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The stream-room events of a socket: {@code sync:subscribe}, {@code sync:unsubscribe}, {@code sync:history},
 * {@code sync:publish} (docs/sync.md). Every request is answered through its ack, errors included.
 */
final class StreamHandlers {
    private final DefaultSync sync;

    StreamHandlers(DefaultSync sync) {
        this.sync = sync;
    }

    void install(ServerSocket socket) {
        socket.on("sync:subscribe", (args, ack) -> guarded("sync:subscribe", ack, () -> subscribe(socket, args, ack)));
        socket.on("sync:unsubscribe", (args, ack) -> guarded("sync:unsubscribe", ack,
                () -> unsubscribe(socket, args, ack)));
        socket.on("sync:history", (args, ack) -> guarded("sync:history", ack, () -> history(socket, args, ack)));
        socket.on("sync:publish", (args, ack) -> guarded("sync:publish", ack, () -> publish(socket, args, ack)));
    }

    static void guarded(String event, Ack ack, Runnable r) {
        try {
            r.run();
        } catch (SyncException e) {
            Requests.fail(ack, event, e);
        }
    }

    private String stream(ServerSocket socket, Map<String, Object> body, SyncAction action) {
        String stream = Requests.name(body, "stream", sync.options.maxRoomNameLength());
        sync.requireStream(stream);
        authorize(socket, action, stream);
        return stream;
    }

    void authorize(ServerSocket socket, SyncAction action, String room) {
        if (!sync.options.authorizer().allow(socket, action, room)) {
            throw new SyncException(SyncError.FORBIDDEN, action + " on '" + room + "' is not allowed");
        }
    }

    private void subscribe(ServerSocket socket, Args args, Ack ack) {
        Map<String, Object> body = Requests.body(args);
        String stream = stream(socket, body, SyncAction.SUBSCRIBE);
        Map<String, Object> since = Requests.optionalObject(body, "since");
        long rewind = Requests.offset(body, "rewind", 0);
        long sinceOffset = since == null ? -1 : Requests.offset(since, "offset", -1);
        String sinceEpoch = since == null ? null : Requests.optionalString(since, "epoch");
        if (since != null && (sinceOffset < 0 || sinceEpoch == null)) {
            throw Requests.bad("'since' must be {offset, epoch}");
        }
        if (rewind > sync.options.maxPageSize()) {
            throw new SyncException(SyncError.LIMIT_EXCEEDED, "rewind is larger than " + sync.options.maxPageSize());
        }
        if (since != null || rewind > 0) {
            authorize(socket, SyncAction.READ_HISTORY, stream);
        }
        sync.state(socket).streams.add(stream);
        Fanout.Pending token = sync.streams.begin(stream, socket);
        long after = since != null ? sinceOffset : -1;
        int limit = since != null ? sync.options.historySize() : (int) rewind;
        sync.store.read(stream, after, limit, sync.options.historyTtl()).whenComplete((read, err) -> {
            if (err != null) {
                if (sync.streams.abort(stream, socket, token)) {
                    sync.state(socket).streams.remove(stream);
                }
                Requests.fail(ack, "sync:subscribe", err);
                return;
            }
            boolean sameEpoch = since != null && sinceEpoch.equals(read.epoch());
            if (sameEpoch && sinceOffset > read.top()) {
                if (sync.streams.abort(stream, socket, token)) {
                    sync.state(socket).streams.remove(stream);
                }
                Requests.fail(ack, "sync:subscribe", new SyncException(SyncError.OFFSET_IN_FUTURE,
                        "offset " + sinceOffset + " is beyond the stream's last offset " + read.top()));
                return;
            }
            boolean recovered = sameEpoch && (sinceOffset >= read.top() || sinceOffset + 1 >= read.first());
            if (since != null) {
                (recovered ? sync.counters.resumesRecovered : sync.counters.resumesResynced).increment();
            }
            List<StoredEntry> initial = since == null || recovered ? read.entries() : List.of();
            sync.streams.complete(stream, socket, token, read.top(), read.epoch(),
                    newer -> ack.send(answer(read, initial, newer, since != null && recovered,
                            since != null && !recovered)));
        });
    }

    private static Map<String, Object> answer(StreamRead read, List<StoredEntry> initial, List<Fanout.Item> newer,
            boolean recovered, boolean resync) {
        List<Object> pubs = new ArrayList<>(initial.size() + newer.size());
        initial.forEach(e -> pubs.add(Payloads.publication(e)));
        long offset = read.top();
        for (Fanout.Item i : newer) {
            pubs.add(i.payload());
            offset = Math.max(offset, i.version());
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("stream", read.stream());
        m.put("epoch", read.epoch());
        m.put("offset", offset);
        m.put("recovered", recovered);
        m.put("resync", resync);
        m.put("publications", pubs);
        return m;
    }

    private void release(ServerSocket socket, String stream) {
        DefaultSync.SocketState st = sync.state(socket);
        st.streams.remove(stream);
        sync.streams.release(stream, socket);
    }

    private void unsubscribe(ServerSocket socket, Args args, Ack ack) {
        String stream = Requests.name(Requests.body(args), "stream", sync.options.maxRoomNameLength());
        release(socket, stream);
        ack.send(Map.of("ok", true));
    }

    private void history(ServerSocket socket, Args args, Ack ack) {
        Map<String, Object> body = Requests.body(args);
        String stream = stream(socket, body, SyncAction.READ_HISTORY);
        long after = Requests.offset(body, "after", 0);
        long limit = Requests.offset(body, "limit", sync.options.maxPageSize());
        String epoch = Requests.optionalString(body, "epoch");
        if (limit < 1) {
            throw Requests.bad("'limit' must be >= 1");
        }
        if (limit > sync.options.maxPageSize()) {
            throw new SyncException(SyncError.LIMIT_EXCEEDED, "limit is larger than " + sync.options.maxPageSize());
        }
        sync.history(stream, after, (int) limit, epoch).whenComplete((page, err) -> {
            if (err != null) {
                Requests.fail(ack, "sync:history", err);
            } else {
                ack.send(page(page));
            }
        });
    }

    private static Map<String, Object> page(HistoryPage page) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("stream", page.stream());
        m.put("epoch", page.epoch());
        m.put("offset", page.offset());
        m.put("complete", page.complete());
        List<Object> pubs = new ArrayList<>(page.publications().size());
        for (Publication p : page.publications()) {
            pubs.add(Payloads.publication(p));
        }
        m.put("publications", pubs);
        return m;
    }

    private void publish(ServerSocket socket, Args args, Ack ack) {
        Map<String, Object> body = Requests.body(args);
        String stream = stream(socket, body, SyncAction.PUBLISH);
        if (!body.containsKey("data")) {
            throw Requests.bad("'data' is missing");
        }
        String json = Requests.json(body.get("data"), sync.options.maxDataBytes(), "data");
        sync.append(stream, json).whenComplete((e, err) -> {
            if (err != null) {
                Requests.fail(ack, "sync:publish", err);
            } else {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("offset", e.offset());
                m.put("epoch", e.epoch());
                ack.send(m);
            }
        });
    }
}
