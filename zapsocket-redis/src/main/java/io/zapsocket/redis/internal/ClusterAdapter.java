package io.zapsocket.redis.internal;

import io.zapsocket.protocol.Args;
import io.zapsocket.protocol.sio.SioPacket;
import io.zapsocket.server.RemoteSocket;
import io.zapsocket.server.ServerSideEmitTimeoutException;
import io.zapsocket.server.adapter.AdapterContext;
import io.zapsocket.server.adapter.BroadcastOptions;
import io.zapsocket.server.adapter.InMemoryAdapter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * socket.io-adapter 2.5's {@code ClusterAdapter} in Java: numbered {@code ClusterMessage}s
 * ({@code {uid, nsp, type, data}}) correlated by {@code requestId}; subclasses only move them
 * ({@link #doPublish}, {@link #doPublishResponse}) and feed what they receive to {@link #onMessage}. See CLUSTER.md §D.
 *
 * <p>Local delivery of a broadcast waits until the message is published (so that, with connection state recovery,
 * it carries its offset), then runs on the {@link Dispatcher} thread, in publish order.
 */
public abstract class ClusterAdapter extends InMemoryAdapter {
    private static final Logger log = LoggerFactory.getLogger(ClusterAdapter.class);
    /** How long the requester keeps a broadcast-with-ack request when the broadcast has no timeout. */
    static final Duration ACK_KEEP = Duration.ofMinutes(2);

    static final int BROADCAST = 3;
    static final int SOCKETS_JOIN = 4;
    static final int SOCKETS_LEAVE = 5;
    static final int DISCONNECT_SOCKETS = 6;
    static final int FETCH_SOCKETS = 7;
    static final int FETCH_SOCKETS_RESPONSE = 8;
    static final int SERVER_SIDE_EMIT = 9;
    static final int SERVER_SIDE_EMIT_RESPONSE = 10;
    static final int BROADCAST_CLIENT_COUNT = 11;
    static final int BROADCAST_ACK = 12;

    protected final RedisLink link;
    protected final String uid = Wire.randomId();
    protected final String nsp;
    private final Requests requests;

    protected ClusterAdapter(AdapterContext context, RedisLink link) {
        super(context);
        this.link = link;
        this.nsp = context.namespace();
        this.requests = new Requests(link);
    }

    /** Publishes a message; completes with its offset (a stream entry id) or {@code ""}. */
    protected abstract CompletableFuture<String> doPublish(Map<String, Object> message);

    protected abstract CompletableFuture<Void> doPublishResponse(String requesterUid, Map<String, Object> response);

    private CompletableFuture<String> publish(int type, Map<String, Object> data) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("uid", uid);
        m.put("nsp", nsp);
        m.put("type", type);
        m.put("data", data);
        return doPublish(m).whenComplete((o, e) -> {
            if (e != null) {
                log.debug("namespace {}: publishing a message of type {} failed: {}", nsp, type, e.toString());
            }
        });
    }

    private void publishResponse(String requesterUid, int type, Map<String, Object> data) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("uid", uid);
        m.put("nsp", nsp);
        m.put("type", type);
        m.put("data", data);
        doPublishResponse(requesterUid, m).whenComplete((v, e) -> {
            if (e != null) {
                log.debug("namespace {}: publishing a response of type {} failed: {}", nsp, type, e.toString());
            }
        });
    }

    private static Map<String, Object> data(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            if (kv[i + 1] != null) {
                m.put((String) kv[i], kv[i + 1]);
            }
        }
        return m;
    }

    // ---------------------------------------------------------------- outgoing

    @Override
    public void broadcast(SioPacket packet, BroadcastOptions opts) {
        if (opts.flags().local()) {
            super.broadcast(packet, opts);
            return;
        }
        publish(BROADCAST, data("packet", Wire.packet(packet), "opts", Wire.options(opts, true)))
                .whenComplete((offset, e) -> link.dispatcher().execute(
                        () -> deliverLocally(packet, opts, e == null ? offset : null)));
    }

    /** Local delivery of a broadcast this node published (dispatcher thread). */
    protected void deliverLocally(SioPacket packet, BroadcastOptions opts, String offset) {
        super.broadcast(withOffset(packet, opts, offset), opts);
    }

    /** Local delivery without publishing (dispatcher thread). */
    protected final void broadcastHere(SioPacket packet, BroadcastOptions opts) {
        super.broadcast(packet, opts);
    }

    /**
     * With connection state recovery, appends the offset to events that are stored (no ack, not volatile), as
     * {@code addOffsetIfNecessary}.
     */
    protected SioPacket withOffset(SioPacket packet, BroadcastOptions opts, String offset) {
        if (context.recovery() == null || offset == null || offset.isEmpty() || packet.hasId()
                || opts.flags().isVolatile()) {
            return packet;
        }
        List<Object> data = new ArrayList<>(packet.args());
        data.add(offset);
        return SioPacket.event(packet.nsp(), data);
    }

    @Override
    public void broadcastWithAck(SioPacket packet, BroadcastOptions opts, IntConsumer clientCount,
                                 Consumer<Args> onAck) {
        if (!opts.flags().local()) {
            String requestId = Wire.randomId();
            requests.addAck(requestId, clientCount, onAck,
                    opts.flags().timeout() != null ? opts.flags().timeout() : ACK_KEEP);
            publish(BROADCAST, data("packet", Wire.packet(packet), "requestId", requestId,
                    "opts", Wire.options(opts, true)));
        }
        super.broadcastWithAck(packet, opts, clientCount, onAck);
    }

    @Override
    public void addSockets(BroadcastOptions opts, Set<String> rooms) {
        if (!opts.flags().local()) {
            publish(SOCKETS_JOIN, data("opts", Wire.options(opts, true), "rooms", new ArrayList<>(rooms)));
        }
        super.addSockets(opts, rooms);
    }

    @Override
    public void delSockets(BroadcastOptions opts, Set<String> rooms) {
        if (!opts.flags().local()) {
            publish(SOCKETS_LEAVE, data("opts", Wire.options(opts, true), "rooms", new ArrayList<>(rooms)));
        }
        super.delSockets(opts, rooms);
    }

    @Override
    public void disconnectSockets(BroadcastOptions opts, boolean close) {
        if (!opts.flags().local()) {
            publish(DISCONNECT_SOCKETS, data("opts", Wire.options(opts, true), "close", close));
        }
        super.disconnectSockets(opts, close);
    }

    @Override
    public CompletableFuture<List<RemoteSocket>> fetchSockets(BroadcastOptions opts) {
        List<RemoteSocket> local = super.fetchSockets(opts).join();
        if (opts.flags().local()) {
            return CompletableFuture.completedFuture(local);
        }
        return serverCount().thenCompose(count -> {
            int expected = count - 1;
            if (expected <= 0) {
                return CompletableFuture.completedFuture(local);
            }
            String requestId = Wire.randomId();
            Duration timeout = opts.flags().timeout() != null ? opts.flags().timeout()
                    : link.options().requestsTimeout();
            return requests.send(requestId, FETCH_SOCKETS, expected, timeout,
                    req -> withRemote(local, this, nsp, req.responses),
                    req -> new TimeoutException("timeout reached: only " + req.received + " responses received out of "
                            + req.expected),
                    () -> publish(FETCH_SOCKETS, data("opts", Wire.options(opts, true), "requestId", requestId)));
        });
    }

    @Override
    public void serverSideEmit(List<Object> packet) {
        publish(SERVER_SIDE_EMIT, data("packet", packet));
    }

    @Override
    public CompletableFuture<List<Object>> serverSideEmitWithAck(List<Object> packet) {
        return serverCount().thenCompose(count -> {
            int expected = count - 1;
            if (expected <= 0) {
                return CompletableFuture.completedFuture(List.<Object>of());
            }
            String requestId = Wire.randomId();
            return requests.send(requestId, SERVER_SIDE_EMIT, expected, link.options().requestsTimeout(),
                    ClusterAdapter::responses, ClusterAdapter::timeout,
                    () -> publish(SERVER_SIDE_EMIT, data("requestId", requestId, "packet", packet)));
        });
    }

    /** The answers of a serverSideEmit with ack (answers may be {@code null}). */
    static List<Object> responses(Requests.Request r) {
        return Collections.unmodifiableList(new ArrayList<>(r.responses));
    }

    /** Node's error for a serverSideEmit with ack that not every node answered in time. */
    static Throwable timeout(Requests.Request r) {
        return new ServerSideEmitTimeoutException("timeout reached: only " + r.received + " responses received out of "
                + r.expected, r.responses);
    }

    /** The local sockets followed by the remote ones of fetchSockets answers. */
    static List<RemoteSocket> withRemote(List<RemoteSocket> local, io.zapsocket.server.adapter.Adapter adapter,
                                         String nsp, List<Object> answers) {
        List<RemoteSocket> all = new ArrayList<>(local);
        for (Object s : answers) {
            ClusterRemoteSocket rs = ClusterRemoteSocket.decode(adapter, nsp, s);
            if (rs != null) {
                all.add(rs);
            }
        }
        return all;
    }

    // ---------------------------------------------------------------- incoming (dispatcher thread)

    /** Applies a message from another node; {@code offset} is its stream entry id, if any. */
    @SuppressWarnings("unchecked")
    protected void onMessage(Map<String, Object> message, String offset) {
        if (uid.equals(message.get("uid")) || !nsp.equals(message.get("nsp"))) {
            return;
        }
        Object t = message.get("type");
        int type = t instanceof Number n ? n.intValue() : t instanceof String s ? parseInt(s) : -1;
        Map<String, Object> data = message.get("data") instanceof Map<?, ?> d ? (Map<String, Object>) d : Map.of();
        String sender = String.valueOf(message.get("uid"));
        String requestId = data.get("requestId") instanceof String s ? s : null;
        switch (type) {
            case BROADCAST -> {
                List<Object> args = Wire.packetData(data.get("packet"));
                if (args == null) {
                    return;
                }
                BroadcastOptions opts = Wire.decodeOptions(data.get("opts"));
                if (requestId != null) {
                    super.broadcastWithAck(SioPacket.event(nsp, context.nextAckId(), args), opts,
                            count -> publishResponse(sender, BROADCAST_CLIENT_COUNT,
                                    data("requestId", requestId, "clientCount", count)),
                            ack -> {
                                if (ack != null) {
                                    Map<String, Object> d = new LinkedHashMap<>();
                                    d.put("requestId", requestId);
                                    d.put("packet", ack.get(0));
                                    publishResponse(sender, BROADCAST_ACK, d);
                                }
                            });
                } else {
                    deliverRemote(SioPacket.event(nsp, args), opts, offset);
                }
            }
            case SOCKETS_JOIN -> super.addSockets(Wire.decodeOptions(data.get("opts")), Wire.strings(data.get("rooms")));
            case SOCKETS_LEAVE -> super.delSockets(Wire.decodeOptions(data.get("opts")),
                    Wire.strings(data.get("rooms")));
            case DISCONNECT_SOCKETS -> super.disconnectSockets(Wire.decodeOptions(data.get("opts")),
                    Boolean.TRUE.equals(data.get("close")));
            case FETCH_SOCKETS -> {
                List<RemoteSocket> local = super.fetchSockets(Wire.decodeOptions(data.get("opts"))).join();
                publishResponse(sender, FETCH_SOCKETS_RESPONSE,
                        data("requestId", requestId, "sockets", describe(local)));
            }
            case SERVER_SIDE_EMIT -> {
                if (!(data.get("packet") instanceof List<?> packet) || packet.isEmpty()) {
                    return;
                }
                if (requestId == null) {
                    context.onServerSideEmit(new ArrayList<>((List<Object>) packet), null);
                    return;
                }
                context.onServerSideEmit(new ArrayList<>((List<Object>) packet), arg -> {
                    Map<String, Object> d = new LinkedHashMap<>();
                    d.put("requestId", requestId);
                    d.put("packet", arg);
                    publishResponse(sender, SERVER_SIDE_EMIT_RESPONSE, d);
                });
            }
            case BROADCAST_CLIENT_COUNT, BROADCAST_ACK, FETCH_SOCKETS_RESPONSE, SERVER_SIDE_EMIT_RESPONSE ->
                    onResponse(type, requestId, data);
            default -> log.debug("namespace {}: unknown message type {}", nsp, t);
        }
    }

    /** Local delivery of another node's broadcast (dispatcher thread). */
    protected void deliverRemote(SioPacket packet, BroadcastOptions opts, String offset) {
        super.broadcast(withOffset(packet, opts, offset), opts);
    }

    private void onResponse(int type, String requestId, Map<String, Object> data) {
        if (requestId == null) {
            return;
        }
        switch (type) {
            case BROADCAST_CLIENT_COUNT -> {
                Requests.AckRequest a = requests.ack(requestId);
                if (a != null && data.get("clientCount") instanceof Number n) {
                    a.clientCount().accept(n.intValue());
                }
            }
            case BROADCAST_ACK -> {
                Requests.AckRequest a = requests.ack(requestId);
                if (a != null) {
                    List<Object> one = new ArrayList<>(1);
                    one.add(data.get("packet"));
                    a.ack().accept(Args.of(one));
                }
            }
            case FETCH_SOCKETS_RESPONSE -> {
                if (data.get("sockets") instanceof List<?> sockets) {
                    requests.answer(requestId, new ArrayList<>(sockets));
                }
            }
            default -> {
                List<Object> one = new ArrayList<>(1);
                one.add(data.get("packet"));
                requests.answer(requestId, one);
            }
        }
    }

    private static int parseInt(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Local sockets as fetchSockets answers carry them: {@code {id, handshake, rooms, data}}. */
    static List<Object> describe(List<RemoteSocket> sockets) {
        List<Object> out = new ArrayList<>(sockets.size());
        for (RemoteSocket s : sockets) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", s.id());
            m.put("handshake", Wire.handshake(s.handshake()));
            m.put("rooms", new ArrayList<>(s.rooms()));
            m.put("data", s.data());
            out.add(m);
        }
        return out;
    }

    @Override
    public void close() {
        requests.clear();
    }
}
