package io.zapsocket.server.adapter;

import io.zapsocket.protocol.sio.SioPacket;
import io.zapsocket.server.RecoveryOptions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The in-memory adapter with connection state recovery (Socket.IO's {@code SessionAwareAdapter}): every stored
 * event (no ack id, not volatile) gets an offset appended as its last argument and is kept for replay; sessions of
 * sockets that disconnected for a recoverable reason are kept for {@code maxDisconnectionDuration}.
 *
 * <p>Bounds: at most {@code maxStoredPackets} packets are kept per namespace (oldest dropped first) and packets or
 * sessions older than {@code maxDisconnectionDuration} are purged as new ones arrive. Thread-safe.
 *
 * @since 0.1
 */
public class SessionAwareAdapter extends InMemoryAdapter {
    private final RecoveryOptions options;
    private final Clock clock;
    /** Offsets are {@code prefix + base36(seq)}; the prefix tells this adapter's offsets from another's. */
    private final String prefix;
    private final AtomicLong seq = new AtomicLong();
    private final ConcurrentSkipListMap<Long, StoredPacket> packets = new ConcurrentSkipListMap<>();
    private final ConcurrentHashMap<String, StoredSession> sessions = new ConcurrentHashMap<>();

    public SessionAwareAdapter(AdapterContext context, RecoveryOptions options) {
        this(context, options, Clock.systemUTC());
    }

    SessionAwareAdapter(AdapterContext context, RecoveryOptions options, Clock clock) {
        super(context);
        this.options = options;
        this.clock = clock;
        this.prefix = Long.toString(ThreadLocalRandom.current().nextLong(36L * 36 * 36 * 36, 36L * 36 * 36 * 36 * 36), 36);
    }

    /** A factory creating one recovery-aware adapter per namespace. */
    public static AdapterFactory factory(RecoveryOptions options) {
        return context -> new SessionAwareAdapter(context, options);
    }

    private record StoredPacket(long at, BroadcastOptions opts, List<Object> data) {
    }

    private record StoredSession(long at, PersistedSession session) {
    }

    @Override
    public void broadcast(SioPacket packet, BroadcastOptions opts) {
        boolean store = packet.isEventLike() && packet.id() < 0 && !opts.flags().isVolatile();
        if (!store) {
            super.broadcast(packet, opts);
            return;
        }
        long n = seq.incrementAndGet();
        List<Object> data = new ArrayList<>(packet.args());
        data.add(prefix + Long.toString(n, 36));
        List<Object> frozen = Collections.unmodifiableList(data);
        packets.put(n, new StoredPacket(clock.millis(), opts, frozen));
        purgePackets();
        super.broadcast(SioPacket.event(packet.nsp(), frozen), opts);
    }

    private void purgePackets() {
        long oldest = clock.millis() - options.maxDisconnectionDuration().toMillis();
        while (packets.size() > options.maxStoredPackets()) {
            packets.pollFirstEntry();
        }
        Map.Entry<Long, StoredPacket> first;
        while ((first = packets.firstEntry()) != null && first.getValue().at() < oldest) {
            packets.remove(first.getKey(), first.getValue());
        }
    }

    @Override
    public void persistSession(PersistedSession session) {
        long now = clock.millis();
        sessions.put(session.pid(), new StoredSession(now, session));
        long oldest = now - options.maxDisconnectionDuration().toMillis();
        sessions.values().removeIf(s -> s.at() < oldest);
    }

    @Override
    public CompletableFuture<RestoredSession> restoreSession(String pid, String offset) {
        StoredSession stored = pid == null ? null : sessions.remove(pid);
        if (stored == null
                || stored.at() < clock.millis() - options.maxDisconnectionDuration().toMillis()) {
            return CompletableFuture.completedFuture(null);
        }
        Long from = parseOffset(offset);
        if (from == null || !packets.containsKey(from)) {
            // the offset is unknown or no longer buffered: missed packets cannot be replayed faithfully
            return CompletableFuture.completedFuture(null);
        }
        PersistedSession s = stored.session();
        List<List<Object>> missed = new ArrayList<>();
        for (StoredPacket p : packets.tailMap(from, false).values()) {
            if (p.opts().reaches(s.rooms())) {
                missed.add(p.data());
            }
        }
        return CompletableFuture.completedFuture(
                new RestoredSession(s.sid(), s.pid(), s.rooms(), s.data(), missed));
    }

    @Override
    public CompletableFuture<List<List<Object>>> missedPackets(Set<String> rooms, String offset) {
        Long from = parseOffset(offset);
        if (from == null || !packets.containsKey(from)) {
            return CompletableFuture.completedFuture(null);
        }
        List<List<Object>> missed = new ArrayList<>();
        for (StoredPacket p : packets.tailMap(from, false).values()) {
            if (p.opts().reaches(rooms)) {
                missed.add(p.data());
            }
        }
        return CompletableFuture.completedFuture(missed);
    }

    private Long parseOffset(String offset) {
        if (offset == null || !offset.startsWith(prefix) || offset.length() == prefix.length()) {
            return null;
        }
        try {
            return Long.parseLong(offset.substring(prefix.length()), 36);
        } catch (NumberFormatException e) {
            return null;
        }
    }

}
