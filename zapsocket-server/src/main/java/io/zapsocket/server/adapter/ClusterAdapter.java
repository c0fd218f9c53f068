package io.zapsocket.server.adapter;

import io.zapsocket.protocol.Args;
import io.zapsocket.protocol.sio.SioPacket;
import io.zapsocket.server.RemoteSocket;
import io.zapsocket.server.ServerSideEmitTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster template, as socket.io-adapter 2.5's {@code ClusterAdapter}: every operation that concerns other
 * nodes becomes a numbered {@link ClusterMessage} ({@code {uid, nsp, type, data}}), answers are correlated by
 * request id ({@link PendingRequests}), fetchSockets and serverSideEmit answers are aggregated, broadcasts with acks
 * sum the client counts of every node. A broker only moves messages: it implements {@link #doPublish} and
 * {@link #doPublishResponse} (usually {@link ClusterMessage#encode()} and a publish of the bytes), feeds what it
 * receives to {@link #onMessage}, and answers {@link #serverCount()}. {@link ClusterAdapterWithHeartbeat} adds
 * cluster membership for brokers that cannot count subscribers.
 *
 * <p>Threads: {@link #onMessage} must be called on one thread at a time, in arrival order (the broker's
 * dispatcher). Local delivery of a broadcast waits until the message is published (so that, with connection state
 * recovery, it carries its offset), then runs on {@link Config#dispatcher()}, in publish order.
 *
 * @since 0.2
 */
public abstract class ClusterAdapter extends InMemoryAdapter {
    private static final Logger log = LoggerFactory.getLogger(ClusterAdapter.class);
    /** How long the requester keeps a broadcast-with-ack request when the broadcast has no timeout. */
    public static final Duration ACK_KEEP = Duration.ofMinutes(2);

    /**
     * What the template needs from the broker.
     *
     * @param requestsTimeout    how long fetchSockets and serverSideEmit with ack wait for the other nodes
     * @param maxPendingRequests at most this many such requests wait at once
     * @param timer              runs timeouts (and heartbeats)
     * @param dispatcher         the serial executor that delivers incoming messages (and local broadcasts), usually a
     *                           {@link MessageDispatcher}
     * @param onRequestTimeout   told of each fetchSockets / serverSideEmit request that timed out (the adapter's
     *                           metrics; quick, must not throw)
     */
    public record Config(Duration requestsTimeout, int maxPendingRequests, ScheduledExecutorService timer,
                         Executor dispatcher, Runnable onRequestTimeout) {
        public Config {
            Objects.requireNonNull(requestsTimeout, "requestsTimeout");
            Objects.requireNonNull(timer, "timer");
            Objects.requireNonNull(dispatcher, "dispatcher");
            Objects.requireNonNull(onRequestTimeout, "onRequestTimeout");
        }

        /** Without a request timeout listener. */
        public Config(Duration requestsTimeout, int maxPendingRequests, ScheduledExecutorService timer,
                      Executor dispatcher) {
            this(requestsTimeout, maxPendingRequests, timer, dispatcher, () -> { });
        }
    }

    protected final Config config;
    /** This node's id in the cluster (16 hex characters, as socket.io-adapter's {@code randomId()}). */
    protected final String uid = ClusterWire.randomId();
    protected final String nsp;
    protected final PendingRequests requests;

    protected ClusterAdapter(AdapterContext context, Config config) {
        super(context);
        this.config = config;
        this.nsp = context.namespace();
        this.requests = new PendingRequests(config.maxPendingRequests(), config.timer(), config.onRequestTimeout());
    }

    /** This node's id in the cluster. */
    public final String uid() {
        return uid;
    }

    /** Publishes a message to every node; completes with its offset (e.g. a stream entry id) or {@code ""}. */
    protected abstract CompletableFuture<String> doPublish(ClusterMessage message);

    /** Publishes an answer to node {@code requesterUid} (or to every node, if the broker has no private channel). */
    protected abstract CompletableFuture<Void> doPublishResponse(String requesterUid, ClusterMessage response);

    /** Publishes a message of this node; failures are logged at debug level and returned. */
    protected CompletableFuture<String> publish(int type, Map<String, Object> data) {
        return doPublish(new ClusterMessage(uid, nsp, type, data)).whenComplete((o, e) -> {
            if (e != null) {
                log.debug("namespace {}: publishing a message of type {} failed: {}", nsp, type, e.toString());
            }
        });
    }

    protected void publishResponse(String requesterUid, int type, Map<String, Object> data) {
        doPublishResponse(requesterUid, new ClusterMessage(uid, nsp, type, data)).whenComplete((v, e) -> {
            if (e != null) {
                log.debug("namespace {}: publishing a response of type {} failed: {}", nsp, type, e.toString());
            }
        });
    }

    /** A {@code data} map of key/value pairs, without the {@code null} values (JSON.stringify drops undefined). */
    protected static Map<String, Object> data(Object... kv) {
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
        publish(ClusterMessage.BROADCAST, data("packet", ClusterWire.packet(packet),
                "opts", ClusterWire.options(opts, true)))
                .whenComplete((offset, e) -> config.dispatcher().execute(
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
            String requestId = ClusterWire.randomId();
            requests.addAck(requestId, clientCount, onAck,
                    opts.flags().timeout() != null ? opts.flags().timeout() : ACK_KEEP);
            publish(ClusterMessage.BROADCAST, data("packet", ClusterWire.packet(packet), "requestId", requestId,
                    "opts", ClusterWire.options(opts, true)));
        }
        super.broadcastWithAck(packet, opts, clientCount, onAck);
    }

    @Override
    public void addSockets(BroadcastOptions opts, Set<String> rooms) {
        if (!opts.flags().local()) {
            publish(ClusterMessage.SOCKETS_JOIN, data("opts", ClusterWire.options(opts, true),
                    "rooms", new ArrayList<>(rooms)));
        }
        super.addSockets(opts, rooms);
    }

    @Override
    public void delSockets(BroadcastOptions opts, Set<String> rooms) {
        if (!opts.flags().local()) {
            publish(ClusterMessage.SOCKETS_LEAVE, data("opts", ClusterWire.options(opts, true),
                    "rooms", new ArrayList<>(rooms)));
        }
        super.delSockets(opts, rooms);
    }

    @Override
    public void disconnectSockets(BroadcastOptions opts, boolean close) {
        if (!opts.flags().local()) {
            publish(ClusterMessage.DISCONNECT_SOCKETS, data("opts", ClusterWire.options(opts, true),
                    "close", close));
        }
        super.disconnectSockets(opts, close);
    }

    /**
     * Sends a request expecting one answer per other node: by default {@link #serverCount()} minus one answers;
     * {@link ClusterAdapterWithHeartbeat} expects one from each known node.
     */
    protected <T> CompletableFuture<T> request(int type, Duration timeout, T noOtherNode,
                                               Function<PendingRequests.Request, T> done,
                                               Function<PendingRequests.Request, Throwable> timedOut,
                                               Consumer<String> publish) {
        return serverCount().thenCompose(count -> {
            int expected = count - 1;
            if (expected <= 0) {
                return CompletableFuture.completedFuture(noOtherNode);
            }
            String requestId = ClusterWire.randomId();
            return requests.send(requestId, type, expected, timeout, done, timedOut,
                    () -> publish.accept(requestId));
        });
    }

    @Override
    public CompletableFuture<List<RemoteSocket>> fetchSockets(BroadcastOptions opts) {
        List<RemoteSocket> local = super.fetchSockets(opts).join();
        if (opts.flags().local()) {
            return CompletableFuture.completedFuture(local);
        }
        Duration timeout = opts.flags().timeout() != null ? opts.flags().timeout() : config.requestsTimeout();
        return request(ClusterMessage.FETCH_SOCKETS, timeout, local,
                req -> ClusterWire.withRemoteSockets(local, this, nsp, req.responses()),
                req -> new TimeoutException("timeout reached: only " + req.received() + " responses received out of "
                        + req.expected()),
                requestId -> publish(ClusterMessage.FETCH_SOCKETS, data("opts", ClusterWire.options(opts, true),
                        "requestId", requestId)));
    }

    @Override
    public void serverSideEmit(List<Object> packet) {
        publish(ClusterMessage.SERVER_SIDE_EMIT, data("packet", packet));
    }

    @Override
    public CompletableFuture<List<Object>> serverSideEmitWithAck(List<Object> packet) {
        return request(ClusterMessage.SERVER_SIDE_EMIT, config.requestsTimeout(), List.of(),
                PendingRequests.Request::responses, ClusterAdapter::serverSideEmitTimeout,
                requestId -> publish(ClusterMessage.SERVER_SIDE_EMIT, data("requestId", requestId,
                        "packet", packet)));
    }

    /** Node's error for a serverSideEmit with ack that not every node answered in time. */
    public static Throwable serverSideEmitTimeout(PendingRequests.Request r) {
        return new ServerSideEmitTimeoutException("timeout reached: only " + r.received() + " responses received out of "
                + r.expected(), r.responses());
    }

    // ---------------------------------------------------------------- incoming (dispatcher thread)

    /**
     * Applies a message from another node (dispatcher thread); {@code offset} is its position in the broker's log
     * (a stream entry id), or {@code null}. Own messages and other namespaces' are ignored.
     */
    @SuppressWarnings("unchecked")
    protected void onMessage(ClusterMessage message, String offset) {
        if (uid.equals(message.uid()) || !nsp.equals(message.nsp())) {
            return;
        }
        Map<String, Object> data = message.data() != null ? message.data() : Map.of();
        String sender = message.uid();
        String requestId = message.requestId();
        switch (message.type()) {
            case ClusterMessage.BROADCAST -> {
                List<Object> args = ClusterWire.packetData(data.get("packet"));
                if (args == null) {
                    return;
                }
                BroadcastOptions opts = ClusterWire.decodeOptions(data.get("opts"));
                if (requestId != null) {
                    super.broadcastWithAck(SioPacket.event(nsp, context.nextAckId(), args), opts,
                            count -> publishResponse(sender, ClusterMessage.BROADCAST_CLIENT_COUNT,
                                    data("requestId", requestId, "clientCount", count)),
                            ack -> {
                                if (ack != null) {
                                    Map<String, Object> d = new LinkedHashMap<>();
                                    d.put("requestId", requestId);
                                    d.put("packet", ack.get(0));
                                    publishResponse(sender, ClusterMessage.BROADCAST_ACK, d);
                                }
                            });
                } else {
                    deliverRemote(SioPacket.event(nsp, args), opts, offset);
                }
            }
            case ClusterMessage.SOCKETS_JOIN -> super.addSockets(ClusterWire.decodeOptions(data.get("opts")),
                    ClusterWire.strings(data.get("rooms")));
            case ClusterMessage.SOCKETS_LEAVE -> super.delSockets(ClusterWire.decodeOptions(data.get("opts")),
                    ClusterWire.strings(data.get("rooms")));
            case ClusterMessage.DISCONNECT_SOCKETS -> super.disconnectSockets(
                    ClusterWire.decodeOptions(data.get("opts")), Boolean.TRUE.equals(data.get("close")));
            case ClusterMessage.FETCH_SOCKETS -> {
                List<RemoteSocket> local = super.fetchSockets(ClusterWire.decodeOptions(data.get("opts"))).join();
                publishResponse(sender, ClusterMessage.FETCH_SOCKETS_RESPONSE,
                        data("requestId", requestId, "sockets", ClusterWire.describeSockets(local)));
            }
            case ClusterMessage.SERVER_SIDE_EMIT -> {
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
                    publishResponse(sender, ClusterMessage.SERVER_SIDE_EMIT_RESPONSE, d);
                });
            }
            case ClusterMessage.BROADCAST_CLIENT_COUNT, ClusterMessage.BROADCAST_ACK,
                    ClusterMessage.FETCH_SOCKETS_RESPONSE, ClusterMessage.SERVER_SIDE_EMIT_RESPONSE ->
                    onResponse(message);
            default -> log.debug("namespace {}: unknown message type {}", nsp, message.type());
        }
    }

    /** Local delivery of another node's broadcast (dispatcher thread). */
    protected void deliverRemote(SioPacket packet, BroadcastOptions opts, String offset) {
        super.broadcast(withOffset(packet, opts, offset), opts);
    }

    private void onResponse(ClusterMessage response) {
        String requestId = response.requestId();
        if (requestId == null) {
            return;
        }
        Map<String, Object> data = response.data();
        switch (response.type()) {
            case ClusterMessage.BROADCAST_CLIENT_COUNT -> {
                PendingRequests.AckRequest a = requests.ack(requestId);
                if (a != null && data.get("clientCount") instanceof Number n) {
                    a.clientCount().accept(n.intValue());
                }
            }
            case ClusterMessage.BROADCAST_ACK -> {
                PendingRequests.AckRequest a = requests.ack(requestId);
                if (a != null) {
                    List<Object> one = new ArrayList<>(1);
                    one.add(data.get("packet"));
                    a.ack().accept(Args.of(one));
                }
            }
            case ClusterMessage.FETCH_SOCKETS_RESPONSE -> {
                if (data.get("sockets") instanceof List<?> sockets) {
                    requests.answer(requestId, response.uid(), new ArrayList<>(sockets));
                }
            }
            default -> {
                List<Object> one = new ArrayList<>(1);
                one.add(data.get("packet"));
                requests.answer(requestId, response.uid(), one);
            }
        }
    }

    @Override
    public void close() {
        requests.clear();
    }
}
