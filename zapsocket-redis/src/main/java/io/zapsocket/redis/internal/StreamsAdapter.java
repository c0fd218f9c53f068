package io.zapsocket.redis.internal;

import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.zapsocket.protocol.json.Json;
import io.zapsocket.protocol.msgpack.Msgpack;
import io.zapsocket.protocol.sio.SioPacket;
import io.zapsocket.server.RecoveryOptions;
import io.zapsocket.server.adapter.AdapterContext;
import io.zapsocket.server.adapter.BroadcastOptions;
import io.zapsocket.server.adapter.ClusterAdapter;
import io.zapsocket.server.adapter.ClusterMessage;
import io.zapsocket.server.adapter.ClusterWire;
import io.zapsocket.server.adapter.LocalSocket;
import io.zapsocket.server.adapter.PersistedSession;
import io.zapsocket.server.adapter.PreparedPacket;
import io.zapsocket.server.adapter.RestoredSession;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Redis Streams adapter, wire-compatible with {@code @socket.io/redis-streams-adapter} 0.3: broadcasts and
 * membership changes are entries of a stream ({@code XADD ... MAXLEN ~ maxLen}), read by every node; broadcasts with
 * acks, fetchSockets and serverSideEmit (and all responses) are msgpack over pub/sub. See CLUSTER.md §E.
 *
 * <p>Connection state recovery works across nodes: sessions are stored in Redis ({@code SET sio:session:<pid>
 * PX maxDisconnectionDuration}), offsets are stream entry ids, and a restore replays the stream after the client's
 * offset. Unlike Node, a restore has no gap: entries applied on this node between the replay and the moment the
 * socket is back in its rooms are kept for it and delivered right after the replay (see {@link #restoreSession}),
 * and no repeat: an entry the replay held is not delivered live when this node applies it later.
 */
public final class StreamsAdapter extends ClusterAdapter {
    private final RedisLink link;
    private static final Logger log = LoggerFactory.getLogger(StreamsAdapter.class);
    private static final Pattern OFFSET = Pattern.compile("^[0-9]+-[0-9]+$");
    private static final int RESTORE_PAGE = 1000;
    private static final int RESTORE_MAX_PAGES = 100;
    /** A restored socket that never comes back into its rooms (refused, gone) stops being waited for after this. */
    private static final Duration RESTORE_WAIT = Duration.ofSeconds(30);
    /** Entries kept per restoring socket while it rejoins its rooms. */
    private static final int RESTORE_BUFFER = 10_000;

    private final StreamReader reader;
    private final StreamPublisher publisher;
    /** The {@code zseq} numbers applied per publishing adapter (dispatcher thread): copies are dropped. */
    private final Map<String, SeqWindow> applied = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, SeqWindow> eldest) {
            return size() > 10_000;
        }
    };
    private final Consumer<StreamsAdapter> onClose;
    private final String stream;
    private final String publicChannel;
    private final String privateChannel;
    private final boolean sharded;
    private final Consumer<byte[]> onPubSub = this::onPubSub;
    private final CompletableFuture<Void> subscribed;
    /**
     * Newest entry id applied here for this namespace (dispatcher thread). Not a watermark: this node applies its
     * own entries when Redis confirms them and the others' when its reader gets them, so an older entry of another
     * node may still be applied after it.
     */
    private long[] lastApplied = {0, 0};
    /** Newest entry id the reader handed to this adapter, own entries included (dispatcher thread). */
    private long[] readerAt = {0, 0};
    /** Broadcasts of this node sent to the stream (each ends in one {@link #deliverLocally}): any thread. */
    private final AtomicLong localIssued = new AtomicLong();
    /** {@link #deliverLocally} calls so far (dispatcher thread): in the order of {@link #localIssued}. */
    private long localDelivered;
    /**
     * Sockets being restored, then just restored until this node has applied every entry the replay held, by
     * socket id: written on the dispatcher thread, read anywhere.
     */
    private final Map<String, RestoringSocket> restoring = new ConcurrentHashMap<>();
    /** Sessions of the sockets connected here, kept in Redis against a crash; {@code null} without recovery. */
    private final LiveSessions live;

    StreamsAdapter(AdapterContext context, RedisLink link, StreamReader reader, StreamPublisher publisher,
                   String stream, Consumer<StreamsAdapter> onClose) {
        super(context, link.clusterConfig());
        this.link = link;
        this.reader = reader;
        this.publisher = publisher;
        this.stream = stream;
        this.onClose = onClose;
        this.sharded = link.options().useShardedPubSub();
        this.publicChannel = link.options().key() + "#" + nsp + "#";
        this.privateChannel = publicChannel + uid + "#";
        this.subscribed = CompletableFuture.allOf(link.subscribe(publicChannel, sharded, onPubSub),
                link.subscribe(privateChannel, sharded, onPubSub), reader.startId());
        RecoveryOptions recovery = context.recovery();
        this.live = recovery == null ? null
                : new LiveSessions(link, nsp, recovery.maxDisconnectionDuration(), this::socketRooms);
        reader.register(this);
    }

    /** The stream of a namespace: {@code streamName}, or {@code streamName-<hash % streamCount>} (can be negative). */
    static String streamName(String nsp, String streamName, int streamCount) {
        return streamCount == 1 ? streamName : streamName + "-" + (nsp.hashCode() % streamCount);
    }

    String namespace() {
        return nsp;
    }

    /** Completes once this node listens (subscribed, and the stream position is known). */
    public CompletableFuture<Void> subscribed() {
        return subscribed;
    }

    // ---------------------------------------------------------------- publishing

    private static boolean isEphemeral(ClusterMessage message) {
        int type = message.type();
        if (type == ClusterMessage.BROADCAST) {
            return message.requestId() != null;
        }
        return type == ClusterMessage.SERVER_SIDE_EMIT || type == ClusterMessage.FETCH_SOCKETS;
    }

    @Override
    protected CompletableFuture<String> doPublish(ClusterMessage message) {
        if (isEphemeral(message)) {
            return link.publish(publicChannel, Msgpack.encode(message.toMap()), sharded).thenApply(n -> "");
        }
        return publisher.xadd(stream, encode(message));
    }

    @Override
    protected CompletableFuture<Void> doPublishResponse(String requesterUid, ClusterMessage response) {
        return link.publish(link.options().key() + "#" + nsp + "#" + requesterUid + "#",
                Msgpack.encode(response.toMap()),
                sharded).thenApply(n -> null);
    }

    /** A stream entry: {@code uid, nsp, type (string), data (JSON, or base64 msgpack when it has binary)}. */
    private Map<String, byte[]> encode(ClusterMessage message) {
        Map<String, byte[]> body = new LinkedHashMap<>();
        body.put("uid", Wire.utf8(uid));
        body.put("nsp", Wire.utf8(nsp));
        body.put("type", Wire.utf8(Integer.toString(message.type())));
        Object data = message.data();
        if (data != null) {
            if (!link.options().onlyPlaintext() && message.mayContainBinary() && message.hasBinary()) {
                body.put("data", Wire.utf8(Base64.getEncoder().encodeToString(Msgpack.encode(data))));
            } else {
                body.put("data", Wire.utf8(Json.stringify(data)));
            }
        }
        return body;
    }

    private static ClusterMessage decode(Map<String, byte[]> body) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("uid", text(body.get("uid")));
        m.put("nsp", text(body.get("nsp")));
        m.put("type", text(body.get("type")));
        String data = text(body.get("data"));
        if (data != null && !data.isEmpty()) {
            m.put("data", data.startsWith("{") ? Json.parse(data) : Msgpack.decode(Base64.getDecoder().decode(data)));
        }
        return ClusterMessage.fromMap(m);
    }

    private static String text(byte[] b) {
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    @Override
    public CompletableFuture<Integer> serverCount() {
        return link.numsub(publicChannel, sharded);
    }

    // ---------------------------------------------------------------- receiving (dispatcher thread)

    @SuppressWarnings("unchecked")
    private void onPubSub(byte[] payload) {
        Object m;
        try {
            m = Msgpack.decode(payload);
        } catch (IllegalArgumentException e) {
            log.debug("namespace {}: malformed message ignored: {}", nsp, e.getMessage());
            return;
        }
        ClusterMessage message = m instanceof Map<?, ?> map ? ClusterMessage.fromMap(map) : null;
        if (message != null) {
            onMessage(message, null);
        }
    }

    void onEntry(String id, Map<String, byte[]> body) {
        applyEntry(id, body);
        try {
            readerAt = parseId(id); // after it is applied: see settled
        } catch (NumberFormatException e) {
            log.debug("namespace {}: entry id {} not understood", nsp, id);
        }
    }

    private void applyEntry(String id, Map<String, byte[]> body) {
        ClusterMessage message;
        try {
            message = decode(body);
        } catch (RuntimeException e) {
            log.debug("namespace {}: malformed entry {} ignored: {}", nsp, id, e.getMessage());
            return;
        }
        if (message == null) {
            return;
        }
        String sender = message.uid();
        if (uid.equals(sender)) {
            return; // applied when it was published
        }
        byte[] seq = body.get(StreamPublisher.SEQ_FIELD);
        if (seq != null) {
            String s = sender;
            long n;
            try {
                n = Long.parseLong(new String(seq, StandardCharsets.US_ASCII));
            } catch (NumberFormatException e) {
                n = -1;
            }
            if (n >= 0 && !applied.computeIfAbsent(s, k -> new SeqWindow()).firstTime(n)) {
                log.debug("namespace {}: entry {} is a copy of one already applied", nsp, id);
                return;
            }
        }
        onMessage(message, id);
    }

    @Override
    public void broadcast(SioPacket packet, BroadcastOptions opts) {
        if (!opts.flags().local()) {
            localIssued.incrementAndGet(); // before its XADD: see RestoringSocket#issued
        }
        super.broadcast(packet, opts);
    }

    @Override
    protected void deliverLocally(SioPacket packet, BroadcastOptions opts, String offset) {
        apply(withOffset(packet, opts, offset), opts, offset);
        localDelivered++; // after it is applied: see settled
    }

    @Override
    protected void deliverRemote(SioPacket packet, BroadcastOptions opts, String offset) {
        apply(withOffset(packet, opts, offset), opts, offset);
    }

    /**
     * Delivers a stream broadcast here, keeping it aside for sockets being restored, and not to a socket whose
     * replay held it. Dispatcher thread.
     */
    private void apply(SioPacket packet, BroadcastOptions opts, String offset) {
        long[] id = offset == null || offset.isEmpty() ? null : parseId(offset);
        if (id != null && compare(id, lastApplied) > 0) {
            lastApplied = id;
        }
        if (!restoring.isEmpty()) {
            forgetSettled();
        }
        if (restoring.isEmpty()) {
            broadcastHere(packet, opts);
            return;
        }
        Set<String> skipped = new HashSet<>();
        for (RestoringSocket r : restoring.values()) {
            boolean replayed = id != null && compare(id, r.after) <= 0;
            if (r.flushed && !replayed) {
                continue; // live
            }
            skipped.add(r.sid); // replayed already, or from the buffer after the replay
            if (!r.flushed && id != null && !replayed && shouldInclude(r.rooms, opts.rooms(), opts.except())) {
                if (r.buffer.size() < RESTORE_BUFFER) {
                    r.buffer.add(new Object[] {packet, opts.flags()});
                } else if (!r.overflow) {
                    r.overflow = true;
                    log.warn("namespace {}: restore buffer of {} full, later packets are lost for it", nsp, r.sid);
                }
            }
        }
        broadcastHereSkipping(packet, opts, skipped);
    }

    /**
     * {@link #broadcastHere} but not to {@code skipped} (socket ids, not their own rooms: a restored socket may be back
     * in a room before it is in its own, and would get an entry kept for it twice). Dispatcher thread.
     */
    private void broadcastHereSkipping(SioPacket packet, BroadcastOptions opts, Set<String> skipped) {
        PreparedPacket prepared = context.prepare(packet, opts.flags().compress());
        BroadcastOptions.Flags flags = opts.flags();
        apply(opts, socket -> {
            if (!skipped.contains(socket.id())) {
                socket.deliver(prepared, flags);
            }
        });
        context.onBroadcast(prepared, opts);
    }

    /**
     * Whether this node has applied every entry up to {@code r.after}: the reader is past it (other nodes' entries)
     * and the local broadcasts sent before the restore are delivered (this node's: a later one has a newer id).
     * Dispatcher thread.
     */
    private boolean settled(RestoringSocket r) {
        return compare(readerAt, r.after) >= 0 && localDelivered >= r.issued;
    }

    /** Restored sockets for which no entry the replay held can come any more are plain live sockets. Dispatcher. */
    private void forgetSettled() {
        for (RestoringSocket r : restoring.values()) {
            if (r.flushed && settled(r)) {
                log.debug("namespace {}: restored {} settled (reader at {})", nsp, r.sid, format(readerAt));
                restoring.remove(r.sid, r);
            }
        }
    }

    // ---------------------------------------------------------------- connection state recovery

    @Override
    public void persistSession(PersistedSession session) {
        RecoveryOptions recovery = context.recovery();
        if (recovery == null) {
            return;
        }
        if (live != null) {
            live.disconnected(session.sid());
            live.write(session.sid(), session.pid(), session.rooms(), session.data(),
                    recovery.maxDisconnectionDuration());
        }
    }

    /** Stores the session of a socket that connected here, so that a crash of this node leaves it restorable. */
    @Override
    public void sessionStarted(String sid, String pid, Map<String, Object> data) {
        if (live != null) {
            live.started(sid, pid, data);
        }
    }

    /**
     * Restores a session from any node: {@code GETDEL} of the session, check that the offset is still in the stream,
     * then replay the entries after it. To leave no gap, the socket is registered as "restoring" on the dispatcher
     * thread first: the replay reads up to the newest entry applied here at that moment, and entries applied later
     * are kept for the socket (not delivered live) until it is back in all its rooms, then delivered in order.
     * Entries up to the end of the replay that this node applies only later (another node's entry still on its way
     * to this node's reader while this node's own newer entry was applied, or one after the client's offset) are
     * not delivered live to it: the replay had them.
     */
    @Override
    @SuppressWarnings("unchecked")
    public CompletableFuture<RestoredSession> restoreSession(String pid, String offset) {
        if (context.recovery() == null || pid == null || offset == null || !OFFSET.matcher(offset).matches()) {
            return CompletableFuture.completedFuture(null);
        }
        String key = link.options().sessionKeyPrefix() + pid;
        CompletableFuture<byte[]> session = link.call(c -> c.getdel(key));
        CompletableFuture<List<StreamMessage<String, byte[]>>> at =
                link.call(c -> c.xrange(stream, Range.create(offset, offset)));
        return session.thenCombine(at, (raw, entries) -> raw == null || entries.isEmpty() ? null : raw)
                .thenCombine(reader.startId(), (raw, start) -> raw == null ? null : new Object[] {raw, start})
                .thenCompose(pair -> {
                    if (pair == null) {
                        return CompletableFuture.completedFuture(null);
                    }
                    Map<String, Object> s = (Map<String, Object>) Msgpack.decode(
                            Base64.getDecoder().decode(new String((byte[]) pair[0], StandardCharsets.UTF_8)));
                    String sid = String.valueOf(s.get("sid"));
                    if (live != null && live.isLive(sid)) {
                        // still connected here: the client came back before this node saw its connection close;
                        // a new session, as in Node (two sockets with one id on a node would share its rooms)
                        live.roomsChanged(sid); // stores the live session again (the GETDEL took it)
                        return CompletableFuture.completedFuture(null);
                    }
                    Set<String> rooms = new LinkedHashSet<>(ClusterWire.strings(s.get("rooms")));
                    Map<String, Object> data = s.get("data") instanceof Map<?, ?> d
                            ? (Map<String, Object>) d : Map.of();
                    long[] start = parseId((String) pair[1]);
                    CompletableFuture<RestoredSession> result = new CompletableFuture<>();
                    link.dispatcher().execute(() -> {
                        long issued = localIssued.get(); // before until: a broadcast not counted is newer than it
                        if (compare(readerAt, start) < 0) {
                            readerAt = start; // the reader starts after it
                        }
                        long[] until = max(max(parseId(offset), start), lastApplied);
                        RestoringSocket r = new RestoringSocket(sid, rooms, until, issued);
                        restoring.put(sid, r);
                        log.debug("namespace {}: restoring {} from {} to {} (reader at {})", nsp, sid, offset,
                                format(until), format(readerAt));
                        link.schedule(() -> link.dispatcher().execute(() -> {
                            if (restoring.remove(sid, r) && !r.flushed) {
                                log.debug("namespace {}: restored socket {} did not come back", nsp, sid);
                            }
                        }), RESTORE_WAIT);
                        List<List<Object>> missed = new ArrayList<>();
                        replay(nextOffset(parseId(offset)), until, rooms, missed, 0).whenComplete((v, e) -> {
                            if (e != null) {
                                link.dispatcher().execute(() -> restoring.remove(sid, r));
                                result.completeExceptionally(e);
                            } else {
                                result.complete(new RestoredSession(sid, String.valueOf(s.get("pid")), rooms, data,
                                        missed));
                            }
                        });
                    });
                    return result;
                });
    }

    /**
     * The history a Server-Sent Events subscriber resuming with {@code Last-Event-ID} missed, read from the stream
     * on any node: {@code null} (resync) when recovery is off, the offset is malformed or no longer in the stream
     * (trimmed by {@code MAXLEN}), or more than {@code 100 x 1000} entries follow it. The caller already receives
     * live packets when it asks, and drops those the replay also holds (same offsets), so reading up to the end of
     * the stream leaves no gap.
     */
    @Override
    public CompletableFuture<List<List<Object>>> missedPackets(Set<String> rooms, String offset) {
        if (context.recovery() == null || rooms == null || offset == null || !OFFSET.matcher(offset).matches()) {
            return CompletableFuture.completedFuture(null);
        }
        long[] from;
        try {
            from = parseId(offset);
        } catch (NumberFormatException e) {
            return CompletableFuture.completedFuture(null); // beyond 64 bits
        }
        return link.call(c -> c.xrange(stream, Range.create(offset, offset))).thenCompose(at -> {
            if (at.isEmpty()) {
                return CompletableFuture.completedFuture(null);
            }
            List<List<Object>> missed = new ArrayList<>();
            return replay(nextOffset(from), new long[] {-1L, -1L}, rooms, missed, 0)
                    .thenApply(complete -> complete ? missed : null);
        });
    }

    /** Completes with {@code false} when it stopped at {@code RESTORE_MAX_PAGES} before {@code until}. */
    private CompletableFuture<Boolean> replay(long[] from, long[] until, Set<String> rooms, List<List<Object>> missed,
                                              int page) {
        if (compare(from, until) > 0) {
            return CompletableFuture.completedFuture(true);
        }
        if (page >= RESTORE_MAX_PAGES) {
            return CompletableFuture.completedFuture(false);
        }
        return link.call(c -> c.xrange(stream, Range.create(format(from), format(until)),
                Limit.create(0, RESTORE_PAGE))).thenCompose(entries -> {
                    for (StreamMessage<String, byte[]> entry : entries) {
                        Map<String, byte[]> body = entry.getBody();
                        if (!nsp.equals(text(body.get("nsp"))) || !"3".equals(text(body.get("type")))) {
                            continue;
                        }
                        ClusterMessage m = decode(body);
                        if (m == null || m.data() == null) {
                            continue;
                        }
                        Map<String, Object> d = m.data();
                        List<Object> args = ClusterWire.packetData(d.get("packet"));
                        BroadcastOptions opts = ClusterWire.decodeOptions(d.get("opts"));
                        if (args != null && shouldInclude(rooms, opts.rooms(), opts.except())) {
                            args.add(entry.getId());
                            missed.add(args);
                        }
                    }
                    if (entries.size() < RESTORE_PAGE) {
                        return CompletableFuture.completedFuture(true);
                    }
                    long[] last = parseId(entries.get(entries.size() - 1).getId());
                    return replay(nextOffset(last), until, rooms, missed, page + 1);
                });
    }

    @Override
    public void addAll(String socketId, Set<String> rooms) {
        super.addAll(socketId, rooms);
        if (live != null) {
            live.roomsChanged(socketId);
        }
        RestoringSocket r = restoring.get(socketId);
        if (r != null && !r.flushed && socketRooms(socketId).containsAll(r.rooms)) {
            link.dispatcher().execute(() -> flush(r));
        }
    }

    /**
     * The restored socket is back in its rooms: deliver what was kept for it, then live again, except for entries
     * the replay held that this node has not applied yet (kept until {@link #settled}). Dispatcher.
     */
    private void flush(RestoringSocket r) {
        if (r.flushed || restoring.get(r.sid) != r) {
            return;
        }
        r.flushed = true;
        List<Object[]> kept = new ArrayList<>(r.buffer);
        r.buffer.clear();
        log.debug("namespace {}: restored {} back in its rooms, {} kept (reader at {}, local {} of {})", nsp, r.sid,
                kept.size(), format(readerAt), localDelivered, r.issued);
        if (settled(r)) {
            restoring.remove(r.sid, r);
        }
        LocalSocket socket = context.socket(r.sid);
        if (socket == null) {
            restoring.remove(r.sid, r);
            return;
        }
        for (Object[] k : kept) {
            BroadcastOptions.Flags flags = (BroadcastOptions.Flags) k[1];
            socket.deliver(context.prepare((SioPacket) k[0], flags.compress()), flags);
        }
    }

    private static boolean shouldInclude(Set<String> sessionRooms, Set<String> rooms, Set<String> except) {
        boolean included = rooms.isEmpty();
        for (String r : sessionRooms) {
            if (except.contains(r)) {
                return false;
            }
            included |= rooms.contains(r);
        }
        return included;
    }

    // ---------------------------------------------------------------- stream ids

    static long[] parseId(String id) {
        int dash = id.indexOf('-');
        return dash < 0 ? new long[] {Long.parseLong(id), 0}
                : new long[] {Long.parseLong(id.substring(0, dash)), Long.parseLong(id.substring(dash + 1))};
    }

    static int compare(long[] a, long[] b) {
        int c = Long.compareUnsigned(a[0], b[0]);
        return c != 0 ? c : Long.compareUnsigned(a[1], b[1]);
    }

    private static long[] max(long[] a, long[] b) {
        return compare(a, b) >= 0 ? a : b;
    }

    private static long[] nextOffset(long[] id) {
        return id[1] == -1L ? new long[] {id[0] + 1, 0} : new long[] {id[0], id[1] + 1};
    }

    private static String format(long[] id) {
        return Long.toUnsignedString(id[0]) + "-" + Long.toUnsignedString(id[1]);
    }

    @Override
    public void del(String socketId, String room) {
        super.del(socketId, room);
        if (live != null) {
            live.roomsChanged(socketId);
        }
    }

    @Override
    public void delAll(String socketId) {
        super.delAll(socketId);
        if (live != null) {
            live.left(socketId); // nothing when persistSession stored it (recoverable disconnection)
        }
    }

    @Override
    public void close() {
        if (live != null) {
            live.close();
        }
        super.close();
        link.unsubscribe(publicChannel, sharded, onPubSub);
        link.unsubscribe(privateChannel, sharded, onPubSub);
        if (reader.unregister(this)) {
            onClose.accept(this);
        }
    }
}
