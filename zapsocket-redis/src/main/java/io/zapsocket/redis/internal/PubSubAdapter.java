package io.zapsocket.redis.internal;

import io.zapsocket.protocol.Args;
import io.zapsocket.protocol.json.Json;
import io.zapsocket.protocol.msgpack.Msgpack;
import io.zapsocket.protocol.sio.SioPacket;
import io.zapsocket.server.RemoteSocket;
import io.zapsocket.server.adapter.AdapterContext;
import io.zapsocket.server.adapter.ClusterAdapter;
import io.zapsocket.server.adapter.ClusterWire;
import io.zapsocket.server.adapter.PendingRequests;
import io.zapsocket.server.adapter.BroadcastOptions;
import io.zapsocket.server.adapter.InMemoryAdapter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The classic Redis pub/sub adapter, wire-compatible with {@code @socket.io/redis-adapter} 8.3 ({@code RedisAdapter}):
 * broadcasts are msgpack {@code [uid, packet, opts]} on {@code key#nsp#} (or {@code key#nsp#room#} for one room),
 * requests are JSON (msgpack for broadcasts with acks) on {@code key-request#nsp#}, responses on
 * {@code key-response#nsp#} (or the requester's own channel). See CLUSTER.md §C.
 *
 * <p>Differences from Node, all invisible on the wire: socketsJoin/socketsLeave/disconnectSockets apply locally at
 * once and the node ignores its own request when Redis echoes it (Node applies only the echo, so a Node node does
 * nothing while Redis is down).
 */
public final class PubSubAdapter extends InMemoryAdapter {
    private static final Logger log = LoggerFactory.getLogger(PubSubAdapter.class);
    static final int SOCKETS = 0;
    static final int ALL_ROOMS = 1;
    static final int REMOTE_JOIN = 2;
    static final int REMOTE_LEAVE = 3;
    static final int REMOTE_DISCONNECT = 4;
    static final int REMOTE_FETCH = 5;
    static final int SERVER_SIDE_EMIT = 6;
    static final int BROADCAST = 7;
    static final int BROADCAST_CLIENT_COUNT = 8;
    static final int BROADCAST_ACK = 9;

    private final RedisLink link;
    private final String uid = Wire.uid2(6);
    private final String nsp;
    private final String channel;
    private final String requestChannel;
    private final String responseChannel;
    private final String specificResponseChannel;
    private final PendingRequests requests;
    private final BiConsumer<String, byte[]> onBroadcast = this::onBroadcast;
    private final Consumer<byte[]> onRequest = this::onRequest;
    private final Consumer<byte[]> onResponse = this::onResponse;
    private final CompletableFuture<Void> subscribed;

    public PubSubAdapter(AdapterContext context, RedisLink link) {
        super(context);
        this.link = link;
        this.requests = new PendingRequests(link.options().maxPendingRequests(), link.timer(),
                link::countRequestTimeout);
        this.nsp = context.namespace();
        String key = link.options().key();
        this.channel = key + "#" + nsp + "#";
        this.requestChannel = key + "-request#" + nsp + "#";
        this.responseChannel = key + "-response#" + nsp + "#";
        this.specificResponseChannel = responseChannel + uid + "#";
        this.subscribed = CompletableFuture.allOf(
                link.psubscribe(channel + "*", onBroadcast),
                link.subscribe(requestChannel, false, onRequest),
                link.subscribe(responseChannel, false, onResponse),
                link.subscribe(specificResponseChannel, false, onResponse));
    }

    /** Completes once this node listens to its channels (from then on other nodes count it). */
    public CompletableFuture<Void> subscribed() {
        return subscribed;
    }

    String uid() {
        return uid;
    }

    // ---------------------------------------------------------------- outgoing

    private void publish(String ch, byte[] payload) {
        link.publish(ch, payload, false).whenComplete((n, e) -> {
            if (e != null) {
                log.debug("namespace {}: publish to {} failed: {}", nsp, ch, e.toString());
            }
        });
    }

    private void publishJson(String ch, Map<String, Object> message) {
        publish(ch, Wire.utf8(Json.stringify(message)));
    }

    private Map<String, Object> request(int type) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("uid", uid);
        m.put("type", type);
        return m;
    }

    @Override
    public void broadcast(SioPacket packet, BroadcastOptions opts) {
        if (!opts.flags().local()) {
            String target = channel;
            if (opts.rooms().size() == 1) {
                target += opts.rooms().iterator().next() + "#";
            }
            publish(target, Msgpack.encode(List.of(uid, ClusterWire.packet(packet), ClusterWire.options(opts, true))));
        }
        super.broadcast(packet, opts);
    }

    @Override
    public void broadcastWithAck(SioPacket packet, BroadcastOptions opts, IntConsumer clientCount,
                                 Consumer<Args> onAck) {
        if (!opts.flags().local()) {
            String requestId = Wire.uid2(6);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("uid", uid);
            m.put("requestId", requestId);
            m.put("type", BROADCAST);
            m.put("packet", ClusterWire.packet(packet));
            m.put("opts", ClusterWire.options(opts, true));
            requests.addAck(requestId, clientCount, onAck,
                    opts.flags().timeout() != null ? opts.flags().timeout() : ClusterAdapter.ACK_KEEP);
            publish(requestChannel, Msgpack.encode(m));
        }
        super.broadcastWithAck(packet, opts, clientCount, onAck);
    }

    @Override
    public CompletableFuture<List<RemoteSocket>> fetchSockets(BroadcastOptions opts) {
        List<RemoteSocket> local = super.fetchSockets(opts).join();
        if (opts.flags().local()) {
            return CompletableFuture.completedFuture(local);
        }
        return serverCount().thenCompose(numSub -> {
            if (numSub <= 1) {
                return CompletableFuture.completedFuture(local);
            }
            String requestId = Wire.uid2(6);
            Map<String, Object> m = new LinkedHashMap<>(); // key order as Node writes it
            m.put("uid", uid);
            m.put("requestId", requestId);
            m.put("type", REMOTE_FETCH);
            m.put("opts", ClusterWire.options(opts, false));
            return requests.send(requestId, REMOTE_FETCH, numSub - 1, link.options().requestsTimeout(),
                    req -> ClusterWire.withRemoteSockets(local, this, nsp, req.responses()),
                    req -> new TimeoutException("timeout reached while waiting for fetchSockets response"),
                    () -> publishJson(requestChannel, m));
        });
    }

    @Override
    public void addSockets(BroadcastOptions opts, Set<String> rooms) {
        if (!opts.flags().local()) {
            Map<String, Object> m = request(REMOTE_JOIN);
            m.put("opts", ClusterWire.options(opts, false));
            m.put("rooms", new ArrayList<>(rooms));
            publishJson(requestChannel, m);
        }
        super.addSockets(opts, rooms);
    }

    @Override
    public void delSockets(BroadcastOptions opts, Set<String> rooms) {
        if (!opts.flags().local()) {
            Map<String, Object> m = request(REMOTE_LEAVE);
            m.put("opts", ClusterWire.options(opts, false));
            m.put("rooms", new ArrayList<>(rooms));
            publishJson(requestChannel, m);
        }
        super.delSockets(opts, rooms);
    }

    @Override
    public void disconnectSockets(BroadcastOptions opts, boolean close) {
        if (!opts.flags().local()) {
            Map<String, Object> m = request(REMOTE_DISCONNECT);
            m.put("opts", ClusterWire.options(opts, false));
            m.put("close", close);
            publishJson(requestChannel, m);
        }
        super.disconnectSockets(opts, close);
    }

    @Override
    public void serverSideEmit(List<Object> packet) {
        Map<String, Object> m = request(SERVER_SIDE_EMIT);
        m.put("data", packet);
        publishJson(requestChannel, m);
    }

    @Override
    public CompletableFuture<List<Object>> serverSideEmitWithAck(List<Object> packet) {
        return serverCount().thenCompose(count -> {
            int numSub = count - 1; // not this node
            if (numSub <= 0) {
                return CompletableFuture.completedFuture(List.<Object>of());
            }
            String requestId = Wire.uid2(6);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("uid", uid);
            m.put("requestId", requestId);
            m.put("type", SERVER_SIDE_EMIT);
            m.put("data", packet);
            return requests.send(requestId, SERVER_SIDE_EMIT, numSub, link.options().requestsTimeout(),
                    PendingRequests.Request::responses, ClusterAdapter::serverSideEmitTimeout, () -> publishJson(requestChannel, m));
        });
    }

    @Override
    public CompletableFuture<Integer> serverCount() {
        return link.numsub(requestChannel, false);
    }

    // ---------------------------------------------------------------- incoming (dispatcher thread)

    private void onBroadcast(String ch, byte[] message) {
        if (!ch.startsWith(channel)) {
            return;
        }
        String room = ch.length() > channel.length() ? ch.substring(channel.length(), ch.length() - 1) : "";
        if (!room.isEmpty() && !roomMap().containsKey(room)) {
            return; // nobody here is in that room
        }
        Object decoded;
        try {
            decoded = Msgpack.decode(message);
        } catch (IllegalArgumentException e) {
            log.debug("namespace {}: malformed broadcast ignored: {}", nsp, e.getMessage());
            return;
        }
        if (!(decoded instanceof List<?> l) || l.size() < 3 || uid.equals(l.get(0))) {
            return;
        }
        Object packet = l.get(1);
        List<Object> data = ClusterWire.packetData(packet);
        if (data == null || !nsp.equals(ClusterWire.packetNsp(packet))) {
            return;
        }
        super.broadcast(SioPacket.event(nsp, data), ClusterWire.decodeOptions(l.get(2)));
    }

    @SuppressWarnings("unchecked")
    private void onRequest(byte[] message) {
        Map<String, Object> req;
        try {
            Object decoded = ClusterWire.decodeJsonOrMsgpack(message);
            if (!(decoded instanceof Map<?, ?>)) {
                return;
            }
            req = (Map<String, Object>) decoded;
        } catch (RuntimeException e) {
            log.debug("namespace {}: malformed request ignored: {}", nsp, e.getMessage());
            return;
        }
        Object typeValue = req.get("type");
        int type = typeValue instanceof Number n ? n.intValue() : -1;
        String requestId = req.get("requestId") instanceof String s ? s : null;
        boolean self = uid.equals(req.get("uid"));
        switch (type) {
            case SOCKETS: {
                if (requests.contains(requestId)) {
                    return;
                }
                Map<String, Object> res = new LinkedHashMap<>();
                res.put("requestId", requestId);
                res.put("sockets", new ArrayList<>(sockets(ClusterWire.strings(req.get("rooms")))));
                publishResponse(req, Wire.utf8(Json.stringify(res)));
                break;
            }
            case ALL_ROOMS: {
                if (requests.contains(requestId)) {
                    return;
                }
                Map<String, Object> res = new LinkedHashMap<>();
                res.put("requestId", requestId);
                res.put("rooms", new ArrayList<>(roomMap().keySet()));
                publishResponse(req, Wire.utf8(Json.stringify(res)));
                break;
            }
            case REMOTE_JOIN:
            case REMOTE_LEAVE:
            case REMOTE_DISCONNECT:
                if (!self) {
                    onRemoteMembership(type, req);
                }
                break;
            case REMOTE_FETCH: {
                if (self || requests.contains(requestId)) {
                    return;
                }
                List<RemoteSocket> local = super.fetchSockets(ClusterWire.decodeOptions(req.get("opts"))).join();
                Map<String, Object> res = new LinkedHashMap<>();
                res.put("requestId", requestId);
                res.put("sockets", ClusterWire.describeSockets(local));
                publishResponse(req, Wire.utf8(Json.stringify(res)));
                break;
            }
            case SERVER_SIDE_EMIT: {
                if (self || !(req.get("data") instanceof List<?> data) || data.isEmpty()) {
                    return;
                }
                if (requestId == null) {
                    context.onServerSideEmit(new ArrayList<>((List<Object>) data), null);
                    return;
                }
                context.onServerSideEmit(new ArrayList<>((List<Object>) data), arg -> {
                    Map<String, Object> res = new LinkedHashMap<>();
                    res.put("type", SERVER_SIDE_EMIT);
                    res.put("requestId", requestId);
                    if (arg != null) {
                        res.put("data", arg); // JSON.stringify drops undefined
                    }
                    publishJson(responseChannel, res); // always the common channel, as Node
                });
                break;
            }
            case BROADCAST: {
                if (self || requests.ack(requestId) != null) {
                    return;
                }
                List<Object> data = ClusterWire.packetData(req.get("packet"));
                if (data == null) {
                    return;
                }
                BroadcastOptions o = ClusterWire.decodeOptions(req.get("opts"));
                BroadcastOptions opts = new BroadcastOptions(o.rooms(), o.except(), BroadcastOptions.Flags.DEFAULT);
                super.broadcastWithAck(SioPacket.event(nsp, context.nextAckId(), data), opts, count -> {
                    Map<String, Object> res = new LinkedHashMap<>();
                    res.put("type", BROADCAST_CLIENT_COUNT);
                    res.put("requestId", requestId);
                    res.put("clientCount", count);
                    publishResponse(req, Wire.utf8(Json.stringify(res)));
                }, args -> {
                    if (args == null) {
                        return; // client gone: Node has no message for that, the requester times out
                    }
                    Map<String, Object> res = new LinkedHashMap<>();
                    res.put("type", BROADCAST_ACK);
                    res.put("requestId", requestId);
                    res.put("packet", args.get(0));
                    publishResponse(req, Msgpack.encode(res));
                });
                break;
            }
            default:
                log.debug("namespace {}: unknown request type {}", nsp, typeValue);
        }
    }

    @SuppressWarnings("unchecked")
    private void onRemoteMembership(int type, Map<String, Object> req) {
        if (req.get("opts") != null) {
            BroadcastOptions o = ClusterWire.decodeOptions(req.get("opts"));
            BroadcastOptions opts = new BroadcastOptions(o.rooms(), o.except(), BroadcastOptions.Flags.DEFAULT);
            switch (type) {
                case REMOTE_JOIN -> super.addSockets(opts, ClusterWire.strings(req.get("rooms")));
                case REMOTE_LEAVE -> super.delSockets(opts, ClusterWire.strings(req.get("rooms")));
                default -> super.disconnectSockets(opts, Boolean.TRUE.equals(req.get("close")));
            }
            return;
        }
        // legacy form {sid, room}, answered with {requestId}
        var socket = req.get("sid") instanceof String sid ? context.socket(sid) : null;
        if (socket == null) {
            return;
        }
        switch (type) {
            case REMOTE_JOIN -> socket.join(List.of(String.valueOf(req.get("room"))));
            case REMOTE_LEAVE -> socket.leave(String.valueOf(req.get("room")));
            default -> socket.disconnect(Boolean.TRUE.equals(req.get("close")));
        }
        Map<String, Object> res = new LinkedHashMap<>();
        res.put("requestId", req.get("requestId"));
        publishResponse(req, Wire.utf8(Json.stringify(res)));
    }

    private void publishResponse(Map<String, Object> request, byte[] response) {
        String ch = link.options().publishOnSpecificResponseChannel()
                ? responseChannel + request.get("uid") + "#" : responseChannel;
        publish(ch, response);
    }

    @SuppressWarnings("unchecked")
    private void onResponse(byte[] message) {
        Map<String, Object> res;
        try {
            Object decoded = ClusterWire.decodeJsonOrMsgpack(message);
            if (!(decoded instanceof Map<?, ?>)) {
                return;
            }
            res = (Map<String, Object>) decoded;
        } catch (RuntimeException e) {
            log.debug("namespace {}: malformed response ignored: {}", nsp, e.getMessage());
            return;
        }
        String requestId = res.get("requestId") instanceof String s ? s : null;
        int type = res.get("type") instanceof Number n ? n.intValue() : -1;
        PendingRequests.AckRequest ack = requests.ack(requestId);
        if (ack != null) {
            if (type == BROADCAST_CLIENT_COUNT && res.get("clientCount") instanceof Number n) {
                ack.clientCount().accept(n.intValue());
            } else if (type == BROADCAST_ACK) {
                List<Object> one = new ArrayList<>(1);
                one.add(res.get("packet"));
                ack.ack().accept(Args.of(one));
            }
            return;
        }
        switch (requests.typeOf(requestId)) {
            case REMOTE_FETCH -> {
                if (res.get("sockets") instanceof List<?> sockets) {
                    requests.answer(requestId, null, new ArrayList<>(sockets));
                }
            }
            case SERVER_SIDE_EMIT -> {
                List<Object> one = new ArrayList<>(1);
                one.add(res.get("data"));
                requests.answer(requestId, null, one);
            }
            default -> {
            }
        }
    }

    @Override
    public void close() {
        link.punsubscribe(channel + "*", onBroadcast);
        link.unsubscribe(requestChannel, false, onRequest);
        link.unsubscribe(responseChannel, false, onResponse);
        link.unsubscribe(specificResponseChannel, false, onResponse);
        requests.clear();
    }
}
