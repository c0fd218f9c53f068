package io.zapsocket.redis.internal;

import io.zapsocket.redis.RedisAdapterOptions.SubscriptionMode;
import io.zapsocket.server.adapter.AdapterContext;
import io.zapsocket.server.adapter.ClusterAdapter;
import io.zapsocket.server.adapter.ClusterMessage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sharded pub/sub adapter (Redis 7 {@code SPUBLISH}/{@code SSUBSCRIBE}), wire-compatible with
 * {@code createShardedAdapter} of {@code @socket.io/redis-adapter} 8.3: JSON {@code ClusterMessage}s (notepack when
 * they carry binary) on {@code prefix#nsp#}, responses on {@code prefix#nsp#uid#}, and one channel per room for
 * single-room broadcasts (per {@code subscriptionMode}). See CLUSTER.md §D.
 */
public final class ShardedAdapter extends ClusterAdapter {
    private final RedisLink link;
    private static final Logger log = LoggerFactory.getLogger(ShardedAdapter.class);

    private final String channel;
    private final String responseChannel;
    private final SubscriptionMode mode;
    private final Consumer<byte[]> onPayload = this::onPayload;
    private final Set<String> roomChannels = new HashSet<>();
    private final CompletableFuture<Void> subscribed;

    public ShardedAdapter(AdapterContext context, RedisLink link) {
        super(context, link.clusterConfig());
        this.link = link;
        this.mode = link.options().subscriptionMode();
        this.channel = link.options().key() + "#" + nsp + "#";
        this.responseChannel = channel + uid + "#";
        this.subscribed = CompletableFuture.allOf(link.subscribe(channel, true, onPayload),
                link.subscribe(responseChannel, true, onPayload));
    }

    public CompletableFuture<Void> subscribed() {
        return subscribed;
    }

    @Override
    protected CompletableFuture<String> doPublish(ClusterMessage message) {
        return link.publish(channelOf(message), message.encode(), true).thenApply(n -> "");
    }

    @Override
    protected CompletableFuture<Void> doPublishResponse(String requesterUid, ClusterMessage response) {
        return link.publish(channel + requesterUid + "#", response.encode(), true).thenApply(n -> null);
    }

    private String channelOf(ClusterMessage message) {
        if (message.type() == ClusterMessage.BROADCAST && message.requestId() == null
                && message.data().get("opts") instanceof Map<?, ?> o
                && o.get("rooms") instanceof List<?> rooms && rooms.size() == 1) {
            String room = String.valueOf(rooms.get(0));
            boolean dynamic = mode == SubscriptionMode.DYNAMIC_PRIVATE
                    || mode == SubscriptionMode.DYNAMIC && room.length() != 20; // looksLikeASocketId
            if (dynamic) {
                return channel + room + "#";
            }
        }
        return channel;
    }

    private void onPayload(byte[] payload) {
        ClusterMessage m;
        try {
            m = ClusterMessage.decode(payload);
        } catch (RuntimeException e) {
            log.debug("namespace {}: malformed message ignored: {}", nsp, e.getMessage());
            return;
        }
        if (m != null) {
            onMessage(m, null);
        }
    }

    @Override
    public CompletableFuture<Integer> serverCount() {
        return link.numsub(channel, true);
    }

    // ---------------------------------------------------------------- per-room channels

    @Override
    public void addAll(String socketId, Set<String> rooms) {
        super.addAll(socketId, rooms);
        rooms.forEach(this::syncRoomChannel);
    }

    @Override
    public void del(String socketId, String room) {
        super.del(socketId, room);
        syncRoomChannel(room);
    }

    @Override
    public void delAll(String socketId) {
        List<String> rooms = new ArrayList<>(socketRooms(socketId));
        super.delAll(socketId);
        rooms.forEach(this::syncRoomChannel);
    }

    /** Subscribes to a room's channel while the room exists here (and is public, in DYNAMIC mode). */
    private synchronized void syncRoomChannel(String room) {
        if (mode == SubscriptionMode.STATIC) {
            return;
        }
        boolean isSocketId = !socketRooms(room).isEmpty() || context.socket(room) != null;
        boolean want = roomMap().containsKey(room) && (mode == SubscriptionMode.DYNAMIC_PRIVATE || !isSocketId);
        if (want && roomChannels.add(room)) {
            link.subscribe(channel + room + "#", true, onPayload);
        } else if (!want && roomChannels.remove(room)) {
            link.unsubscribe(channel + room + "#", true, onPayload);
        }
    }

    @Override
    public synchronized void close() {
        super.close();
        link.unsubscribe(channel, true, onPayload);
        link.unsubscribe(responseChannel, true, onPayload);
        for (String room : roomChannels) {
            link.unsubscribe(channel + room + "#", true, onPayload);
        }
        roomChannels.clear();
    }
}
