package io.zapsocket.sync.internal;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.zapsocket.protocol.json.Json;
import io.zapsocket.sync.SyncError;
import io.zapsocket.sync.SyncException;
import io.zapsocket.sync.SyncOptions;
import io.zapsocket.sync.store.IdempotencyClaim;
import io.zapsocket.sync.store.InboxEntry;
import io.zapsocket.sync.store.InboxLimits;
import io.zapsocket.sync.store.InboxRead;
import io.zapsocket.sync.store.MapChange;
import io.zapsocket.sync.store.MapRead;
import io.zapsocket.sync.store.MapWrite;
import io.zapsocket.sync.store.PresenceChange;
import io.zapsocket.sync.store.PresenceRecord;
import io.zapsocket.sync.store.PresenceSnapshot;
import io.zapsocket.sync.store.StoreListener;
import io.zapsocket.sync.store.StoredEntry;
import io.zapsocket.sync.store.StreamRead;
import io.zapsocket.sync.store.SyncStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster-wide store on a single Redis or a Redis Cluster. Every script touches the keys of one hash tag only
 * (one slot), all passed as KEYS. Streams: a hash {@code <prefix>:{s:<stream>}:m} (epoch {@code e}, last offset
 * {@code o}) and a Redis Stream {@code <prefix>:{s:<stream>}:h} with entry ids {@code <offset>-0}. Inboxes:
 * {@code <prefix>:{i:<user>}:m} and {@code :h}. Maps: {@code <prefix>:{m:<map>}} and its change counter
 * {@code <prefix>:{m:<map>}:q}. Presence: a hash {@code <prefix>:{p:<room>}} (ref → {"k","m","n"}) and its version
 * counter {@code <prefix>:{p:<room>}:v}; node heartbeats in the sorted set {@code <prefix>:{n}:nodes} and the rooms of
 * each node in {@code <prefix>:{n}:pn:<node>} (one slot). Changes are announced on the channels {@code <prefix>:s},
 * {@code :p}, {@code :i}, {@code :m} by the scripts themselves, and heard here on one pub/sub connection, so the
 * listener gets them in the store's order.
 */
public final class RedisStore implements SyncStore {
    private static final Logger log = LoggerFactory.getLogger(RedisStore.class);
    private static final long MAX_JS_SAFE = (1L << 53) - 1;

    private final SyncOptions options;
    private final String prefix;
    private final String node = Ids.node();
    private final AbstractRedisClient client;
    private final StatefulConnection<String, String> connection;
    private final StatefulRedisPubSubConnection<String, String> pubsub;
    private final RedisClusterAsyncCommands<String, String> redis;
    private final ScheduledExecutorService heartbeats;
    private final RedisIdempotency idempotency;
    /** This node's tracked sockets, to track again if this node was taken for dead (e.g. a long pause). */
    private final ConcurrentHashMap<String, Map.Entry<String, PresenceRecord>> local = new ConcurrentHashMap<>();
    private volatile StoreListener listener;
    private volatile boolean closed;

    private RedisStore(List<String> uris, boolean cluster, SyncOptions options) {
        this.options = options;
        this.prefix = options.redisPrefix();
        String uri = String.join(",", uris);
        List<RedisURI> redisUris = uris.stream().map(u -> {
            RedisURI r = RedisURI.create(u);
            r.setTimeout(options.storeTimeout());
            return r;
        }).toList();
        if (cluster) {
            RedisClusterClient cc = RedisClusterClient.create(redisUris);
            cc.setOptions(ClusterClientOptions.builder().topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                    .enablePeriodicRefresh(Duration.ofSeconds(5)).enableAllAdaptiveRefreshTriggers()
                    .adaptiveRefreshTriggersTimeout(Duration.ofSeconds(1)).closeStaleConnections(true).build())
                    .build());
            this.client = cc;
            try {
                StatefulRedisClusterConnection<String, String> c = cc.connect();
                this.connection = c;
                this.redis = c.async();
                this.pubsub = cc.connectPubSub();
            } catch (RuntimeException e) {
                cc.shutdownAsync();
                throw new SyncException(SyncError.UNAVAILABLE, "cannot connect to the Redis Cluster at " + uri, e);
            }
        } else {
            RedisClient rc = RedisClient.create(redisUris.get(0));
            this.client = rc;
            try {
                var c = rc.connect();
                this.connection = c;
                this.redis = c.async();
                this.pubsub = rc.connectPubSub();
            } catch (RuntimeException e) {
                rc.shutdownAsync();
                throw new SyncException(SyncError.UNAVAILABLE, "cannot connect to Redis at " + uri, e);
            }
        }
        pubsub.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
                onMessage(channel, message);
            }
        });
        pubsub.sync().subscribe(prefix + ":s", prefix + ":p", prefix + ":i", prefix + ":m");
        this.heartbeats = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "zapsocket-sync-heartbeat");
            t.setDaemon(true);
            return t;
        });
        try {
            heartbeat().get(options.storeTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            heartbeats.shutdownNow();
            pubsub.closeAsync();
            connection.closeAsync();
            client.shutdownAsync();
            throw new SyncException(SyncError.UNAVAILABLE, "the first heartbeat to Redis at " + uri + " failed", e);
        }
        this.idempotency = new RedisIdempotency(redis, heartbeats, prefix, options.storeTimeout());
        long every = options.heartbeatInterval().toMillis();
        heartbeats.scheduleWithFixedDelay(this::beat, every, every, TimeUnit.MILLISECONDS);
    }

    public static RedisStore connect(String uri, SyncOptions options) {
        return new RedisStore(List.of(uri), false, options);
    }

    /** A store on a Redis Cluster, found from {@code seeds} (some of its nodes). */
    public static RedisStore connectCluster(List<String> seeds, SyncOptions options) {
        if (seeds.isEmpty()) {
            throw new IllegalArgumentException("a Redis Cluster needs at least one seed node");
        }
        return new RedisStore(List.copyOf(seeds), true, options);
    }

    /** This node's id (in presence values and heartbeats). */
    public String node() {
        return node;
    }

    // ---------------------------------------------------------------- pub/sub

    private void onMessage(String channel, String message) {
        StoreListener l = listener;
        if (l == null) {
            return;
        }
        try {
            if (channel.endsWith(":m")) {
                int nl = message.indexOf('\n');
                List<?> head = (List<?>) Json.parse(message.substring(0, nl));
                boolean deleted = "1".equals(head.get(5));
                l.onMap(new MapChange((String) head.get(3), ((Number) head.get(0)).longValue(), (String) head.get(4),
                        deleted ? null : message.substring(nl + 1), (String) head.get(2),
                        ((Number) head.get(1)).longValue()));
            } else if (channel.endsWith(":i")) {
                int nl = message.indexOf('\n');
                List<?> head = (List<?>) Json.parse(message.substring(0, nl));
                l.onInbox(new InboxEntry((String) head.get(2), ((Number) head.get(0)).longValue(),
                        ((Number) head.get(1)).longValue(), message.substring(nl + 1)));
            } else if (channel.endsWith(":s")) {
                int nl = message.indexOf('\n');
                List<?> head = (List<?>) Json.parse(message.substring(0, nl));
                l.onEntry(new StoredEntry((String) head.get(3), ((Number) head.get(0)).longValue(),
                        (String) head.get(2), ((Number) head.get(1)).longValue(), message.substring(nl + 1)));
            } else {
                Map<?, ?> m = (Map<?, ?>) Json.parse(message);
                l.onPresence(new PresenceChange((String) m.get("r"), ((Number) m.get("v")).longValue(),
                        records((List<?>) m.get("j")), records((List<?>) m.get("l"))));
            }
        } catch (RuntimeException e) {
            log.warn("sync store: cannot handle a message on {}", channel, e);
        }
    }

    private static List<PresenceRecord> records(List<?> pairs) {
        List<PresenceRecord> out = new ArrayList<>(pairs.size());
        for (Object o : pairs) {
            List<?> pair = (List<?>) o;
            out.add(record((String) pair.get(0), (Map<?, ?>) pair.get(1)));
        }
        return out;
    }

    private static PresenceRecord record(String ref, Map<?, ?> value) {
        return new PresenceRecord(ref, (String) value.get("k"), Json.stringify(value.get("m")));
    }

    // ---------------------------------------------------------------- streams

    private String[] appendKeys(String stream) {
        String tag = prefix + ":{s:" + stream + "}";
        return new String[] {tag + ":m", tag + ":h", tag + ":u"};
    }

    private String[] streamKeys(String stream) {
        String tag = prefix + ":{s:" + stream + "}";
        return new String[] {tag + ":m", tag + ":h"};
    }

    @Override
    public CompletableFuture<StoredEntry> append(String stream, String json, int maxCount, Duration maxAge) {
        if (closed) {
            return closedFailure();
        }
        CompletableFuture<List<Object>> f = redis.<List<Object>>eval(RedisScripts.APPEND, ScriptOutputType.MULTI,
                appendKeys(stream), Ids.epoch(), json, Integer.toString(maxCount), Long.toString(maxAge.toMillis()),
                Long.toString(options.streamMetaTtl().toMillis()), prefix + ":s", stream, Ids.epoch() + Ids.epoch())
                .toCompletableFuture(); // the last argument: this append's id (the same if Lettuce resends it)
        return failUnavailable(f.thenApply(r -> new StoredEntry(stream, num(r.get(0)), (String) r.get(1),
                num(r.get(2)), json)));
    }

    @Override
    public CompletableFuture<StreamRead> read(String stream, long after, int limit, Duration maxAge) {
        if (closed) {
            return closedFailure();
        }
        String start = after < 0 ? "" : (Math.min(after, MAX_JS_SAFE) + 1) + "-0";
        CompletableFuture<List<Object>> f = redis.<List<Object>>eval(RedisScripts.READ, ScriptOutputType.MULTI,
                streamKeys(stream), Ids.epoch(), start, Integer.toString(limit), Long.toString(maxAge.toMillis()),
                Long.toString(options.streamMetaTtl().toMillis())).toCompletableFuture();
        return failUnavailable(f.thenApply(r -> {
            List<StoredEntry> entries = new ArrayList<>((r.size() - 3) / 3);
            String epoch = (String) r.get(0);
            for (int i = 3; i + 2 < r.size(); i += 3) {
                entries.add(new StoredEntry(stream, num(r.get(i)), epoch, num(r.get(i + 1)), (String) r.get(i + 2)));
            }
            return new StreamRead(stream, epoch, num(r.get(1)), num(r.get(2)), entries);
        }));
    }

    private static <T> CompletableFuture<T> closedFailure() {
        return CompletableFuture.failedFuture(new SyncException(SyncError.UNAVAILABLE, "the sync store is closed"));
    }

    private static long num(Object o) {
        return o instanceof Number n ? n.longValue() : Long.parseLong(String.valueOf(o));
    }

    private static <T> CompletableFuture<T> failUnavailable(CompletableFuture<T> f) {
        return f.exceptionallyCompose(e -> CompletableFuture.failedFuture(
                new SyncException(SyncError.UNAVAILABLE, "the Redis sync store failed: " + Requests.unwrap(e), e)));
    }

    // ---------------------------------------------------------------- inboxes

    private String[] inboxAppendKeys(String user) {
        String tag = prefix + ":{i:" + user + "}";
        return new String[] {tag + ":m", tag + ":h", tag + ":u"};
    }

    private String[] inboxKeys(String user) {
        String tag = prefix + ":{i:" + user + "}";
        return new String[] {tag + ":m", tag + ":h"};
    }

    @Override
    public CompletableFuture<InboxEntry> inboxAppend(String user, String json, InboxLimits limits) {
        if (closed) {
            return closedFailure();
        }
        long metaTtl = Math.max(limits.ttl().toMillis(), options.streamMetaTtl().toMillis());
        CompletableFuture<List<Object>> f = redis.<List<Object>>eval(RedisInboxScripts.APPEND,
                ScriptOutputType.MULTI, inboxAppendKeys(user), json, Integer.toString(limits.maxMessages()),
                Integer.toString(limits.maxBytes()), Long.toString(limits.ttl().toMillis()),
                limits.dropOldest() ? "1" : "0", prefix + ":i", user, Long.toString(metaTtl),
                Ids.epoch() + Ids.epoch()).toCompletableFuture(); // the append id: the same if Lettuce resends it
        return failUnavailable(f).thenCompose(r -> {
            long id = num(r.get(0));
            if (id == -1) {
                return CompletableFuture.failedFuture(new SyncException(SyncError.INBOX_FULL,
                        "the inbox of '" + user + "' is full"));
            }
            if (id == -2) {
                return CompletableFuture.failedFuture(new SyncException(SyncError.TOO_LARGE,
                        "the message is larger than the inbox (" + limits.maxBytes() + " bytes)"));
            }
            return CompletableFuture.completedFuture(new InboxEntry(user, id, num(r.get(1)), json));
        });
    }

    @Override
    public CompletableFuture<InboxRead> inboxRead(String user, long after, int limit, Duration ttl) {
        if (closed) {
            return closedFailure();
        }
        CompletableFuture<List<Object>> f = redis.<List<Object>>eval(RedisInboxScripts.READ, ScriptOutputType.MULTI,
                inboxKeys(user), (Math.min(after, MAX_JS_SAFE) + 1) + "-0", Integer.toString(limit),
                Long.toString(ttl.toMillis())).toCompletableFuture();
        return failUnavailable(f.thenApply(r -> {
            List<InboxEntry> entries = new ArrayList<>((r.size() - 1) / 3);
            for (int i = 1; i + 2 < r.size(); i += 3) {
                entries.add(new InboxEntry(user, num(r.get(i)), num(r.get(i + 1)), (String) r.get(i + 2)));
            }
            return new InboxRead(user, num(r.get(0)), entries);
        }));
    }

    @Override
    public CompletableFuture<Integer> inboxAck(String user, List<Long> ids, long upTo) {
        if (closed) {
            return closedFailure();
        }
        String[] args = new String[ids.size() + 1];
        args[0] = Long.toString(Math.min(upTo, MAX_JS_SAFE));
        for (int i = 0; i < ids.size(); i++) {
            args[i + 1] = Long.toString(ids.get(i));
        }
        CompletableFuture<Long> f = redis.<Long>eval(RedisInboxScripts.ACK, ScriptOutputType.INTEGER, inboxKeys(user),
                args).toCompletableFuture();
        return failUnavailable(f.thenApply(Long::intValue));
    }

    // ---------------------------------------------------------------- idempotency keys (RedisIdempotency)

    @Override
    public boolean sharesIdempotency() {
        return true;
    }

    @Override
    public CompletableFuture<IdempotencyClaim> idempotencyClaim(String key, String token, Duration pendingTimeout) {
        return closed ? closedFailure() : idempotency.claim(key, token, pendingTimeout);
    }

    @Override
    public CompletableFuture<Void> idempotencyAnswer(String key, String answerJson, Duration window) {
        return closed ? closedFailure() : failUnavailable(idempotency.answer(key, answerJson, window));
    }

    @Override
    public CompletableFuture<Void> idempotencyRelease(String key, String token) {
        return closed ? closedFailure() : failUnavailable(idempotency.release(key, token));
    }

    // ---------------------------------------------------------------- replicated maps

    private String[] mapKeys(String map) {
        String tag = prefix + ":{m:" + map + "}";
        return new String[] {tag, tag + ":q"};
    }

    @Override
    public CompletableFuture<MapChange> mapWrite(String map, MapWrite w) {
        if (closed) {
            return closedFailure();
        }
        CompletableFuture<List<Object>> f = redis.<List<Object>>eval(RedisMapScripts.WRITE, ScriptOutputType.MULTI,
                mapKeys(map), w.key(), w.json() == null ? "" : w.json(), w.json() == null ? "1" : "0", w.stamp(),
                Long.toString(w.expectedVersion()), Integer.toString(w.maxKeys()), w.tombstoneCutoff(), prefix + ":m",
                map).toCompletableFuture();
        return failUnavailable(f).thenCompose(r -> {
            long seq = num(r.get(0));
            if (seq == -1) {
                return CompletableFuture.failedFuture(new SyncException(SyncError.CONFLICT, "'" + w.key()
                        + "' is at version " + num(r.get(1)) + ", not " + w.expectedVersion()));
            }
            if (seq == -2) {
                return CompletableFuture.failedFuture(new SyncException(SyncError.LIMIT_EXCEEDED,
                        "the map '" + map + "' holds " + w.maxKeys() + " keys"));
            }
            String json = (String) r.get(3);
            return CompletableFuture.completedFuture(new MapChange(map, seq, w.key(),
                    json == null || json.isEmpty() ? null : json, (String) r.get(1), num(r.get(2))));
        });
    }

    @Override
    public CompletableFuture<MapRead> mapRead(String map, String tombstoneCutoff) {
        if (closed) {
            return closedFailure();
        }
        CompletableFuture<List<Object>> f = redis.<List<Object>>eval(RedisMapScripts.READ, ScriptOutputType.MULTI,
                mapKeys(map), tombstoneCutoff).toCompletableFuture();
        return failUnavailable(f.thenApply(r -> {
            List<MapChange> entries = new ArrayList<>((r.size() - 1) / 2);
            for (int i = 1; i + 1 < r.size(); i += 2) {
                Map<?, ?> e = (Map<?, ?>) Json.parse((String) r.get(i + 1));
                entries.add(new MapChange(map, 0, (String) r.get(i), (String) e.get("v"), (String) e.get("s"),
                        ((Number) e.get("n")).longValue()));
            }
            entries.sort((a, b) -> a.key().compareTo(b.key()));
            return new MapRead(map, num(r.get(0)), entries);
        }));
    }

    // ---------------------------------------------------------------- presence

    @Override
    public CompletableFuture<Void> track(String room, PresenceRecord record) {
        local.put(room + '\u0000' + record.ref(), Map.entry(room, record));
        return doTrack(room, record);
    }

    private String[] roomKeys(String room) {
        String tag = prefix + ":{p:" + room + "}";
        return new String[] {tag, tag + ":v"};
    }

    private String nodesKey() {
        return prefix + ":{n}:nodes";
    }

    private String roomsOfKey(String n) {
        return prefix + ":{n}:pn:" + n;
    }

    private CompletableFuture<Void> doTrack(String room, PresenceRecord record) {
        if (closed) {
            return closedFailure();
        }
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("k", record.key());
        value.put("m", Json.parse(record.metaJson()));
        value.put("n", node);
        // the room joins this node's set first, so that a reaper that finds this node dead finds the room
        CompletableFuture<Object> f = redis.sadd(roomsOfKey(node), room).toCompletableFuture()
                .thenCompose(n -> redis.<Object>eval(RedisScripts.TRACK, ScriptOutputType.INTEGER, roomKeys(room),
                        prefix + ":p", room, record.ref(), Json.stringify(value)).toCompletableFuture());
        return failUnavailable(f.thenApply(v -> null));
    }

    @Override
    public CompletableFuture<Void> untrack(String room, String ref) {
        local.remove(room + '\u0000' + ref);
        if (closed) {
            return closedFailure();
        }
        CompletableFuture<Object> f = redis.<Object>eval(RedisScripts.UNTRACK, ScriptOutputType.INTEGER,
                roomKeys(room), prefix + ":p", room, ref).toCompletableFuture();
        return failUnavailable(f.thenApply(v -> null));
    }

    @Override
    public CompletableFuture<PresenceSnapshot> presence(String room) {
        if (closed) {
            return closedFailure();
        }
        CompletableFuture<List<Object>> f = redis.<List<Object>>eval(RedisScripts.PRESENCE, ScriptOutputType.MULTI,
                roomKeys(room)).toCompletableFuture();
        return failUnavailable(f.thenApply(r -> {
            List<PresenceRecord> members = new ArrayList<>(r.size() / 2);
            for (int i = 1; i + 1 < r.size(); i += 2) {
                members.add(record((String) r.get(i), (Map<?, ?>) Json.parse((String) r.get(i + 1))));
            }
            return new PresenceSnapshot(room, num(r.get(0)), members);
        }));
    }

    // ---------------------------------------------------------------- heartbeats

    /**
     * Refreshes this node's heartbeat, then reaps every node silent for longer than the node timeout: the BEAT script
     * marks them (score 0) and returns them; each of their rooms loses their members (REAP, one room's slot at a
     * time), and FORGET drops a node still marked. A reaper that stops half-way leaves the mark: the next heartbeat of
     * any node reaps again. Completes with 1 when this node was absent or marked (first beat, or it had been reaped).
     */
    private CompletableFuture<Long> heartbeat() {
        CompletableFuture<List<Object>> f = redis.<List<Object>>eval(RedisScripts.BEAT, ScriptOutputType.MULTI,
                new String[] {nodesKey()}, node, Long.toString(options.nodeTimeout().toMillis())).toCompletableFuture();
        return f.thenCompose(r -> {
            CompletableFuture<Void> all = CompletableFuture.completedFuture(null);
            for (int i = 1; i < r.size(); i++) {
                String dead = (String) r.get(i);
                all = all.thenCompose(v -> reap(dead));
            }
            return all.thenApply(v -> num(r.get(0)));
        });
    }

    private CompletableFuture<Void> reap(String dead) {
        return redis.smembers(roomsOfKey(dead)).toCompletableFuture().thenCompose(rooms -> {
            List<CompletableFuture<Object>> each = new ArrayList<>(rooms.size());
            for (String room : rooms) {
                each.add(redis.<Object>eval(RedisScripts.REAP, ScriptOutputType.INTEGER, roomKeys(room),
                        prefix + ":p", room, dead).toCompletableFuture());
            }
            return CompletableFuture.allOf(each.toArray(CompletableFuture[]::new));
        }).thenCompose(v -> redis.<Object>eval(RedisScripts.FORGET, ScriptOutputType.INTEGER,
                new String[] {nodesKey(), roomsOfKey(dead)}, dead).toCompletableFuture()).thenApply(v -> null);
    }

    private volatile boolean beaten;

    private void beat() {
        if (closed) {
            return;
        }
        try {
            long fresh = heartbeat().get(options.storeTimeout().toMillis(), TimeUnit.MILLISECONDS);
            if (fresh == 1 && beaten) {
                log.warn("sync store: node {} had been taken for dead; tracking its {} sockets again", node,
                        local.size());
                local.values().forEach(e -> doTrack(e.getKey(), e.getValue()));
            }
            beaten = true;
        } catch (Exception e) {
            log.warn("sync store: heartbeat of node {} failed: {}", node, e.toString());
        }
    }

    /**
     * Simulates a crash (tests): stops heartbeating and drops the connections without removing this node's presence
     * members, as {@code kill -9} would.
     */
    public void abandon() {
        closed = true;
        heartbeats.shutdownNow();
        listener = null;
        pubsub.closeAsync();
        connection.closeAsync();
        client.shutdownAsync();
    }

    @Override
    public void listen(StoreListener listener) {
        this.listener = listener;
    }

    @Override
    public CompletableFuture<Void> close() {
        if (closed) {
            return CompletableFuture.completedFuture(null);
        }
        closed = true;
        heartbeats.shutdownNow();
        listener = null;
        CompletableFuture<Void> leave = redis.zadd(nodesKey(), 0, node).toCompletableFuture()
                .thenCompose(v -> reap(node));
        return leave.handle((v, e) -> {
            if (e != null) {
                log.warn("sync store: could not remove node {}'s presence members: {}", node, e.toString());
            }
            return null;
        }).thenCompose(v -> {
            pubsub.closeAsync();
            return connection.closeAsync();
        }).thenCompose(v -> client.shutdownAsync()).thenApply(v -> null);
    }
}
