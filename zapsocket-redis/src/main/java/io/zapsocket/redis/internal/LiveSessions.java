package io.zapsocket.redis.internal;

import io.lettuce.core.SetArgs;
import io.zapsocket.protocol.msgpack.Msgpack;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sessions of the sockets connected to this node, kept in Redis while they are connected so that a node that
 * crashes ({@code kill -9}, power loss) still leaves them restorable by another node: one {@code SET} when a socket
 * connects, one when its rooms change, one per socket every {@code maxDisconnectionDuration / 2} (refresh), one
 * {@code DEL} when it leaves for good. Same key and value as the session stored on a normal disconnection
 * ({@code sessionKeyPrefix + pid} = base64 of msgpack {@code {sid, pid, rooms, data}}), so Node's
 * {@code @socket.io/redis-streams-adapter} restores them too. A live session's TTL is
 * {@code maxDisconnectionDuration x 1.5}: after a crash it stays restorable between 1 and 1.5 times the duration.
 * {@code data} is the socket's live data map as it is at each write: changing it alone does not write (the next
 * room change or refresh does). Thread-safe.
 */
final class LiveSessions {
    private static final Logger log = LoggerFactory.getLogger(LiveSessions.class);

    private record Live(String pid, Map<String, Object> data) {
    }

    private final RedisLink link;
    private final String nsp;
    private final Duration ttl;
    private final Function<String, Set<String>> rooms;
    private final Map<String, Live> live = new ConcurrentHashMap<>();
    private final ScheduledFuture<?> refresh;

    LiveSessions(RedisLink link, String nsp, Duration maxDisconnectionDuration,
                 Function<String, Set<String>> rooms) {
        this.link = link;
        this.nsp = nsp;
        long half = Math.max(1, maxDisconnectionDuration.toMillis() / 2);
        this.ttl = maxDisconnectionDuration.plusMillis(half);
        this.rooms = rooms;
        this.refresh = link.timer().scheduleAtFixedRate(this::refreshAll, half, half, TimeUnit.MILLISECONDS);
    }

    /** The value stored for a session, byte-compatible with Node's streams adapter. */
    static byte[] encode(String sid, String pid, Set<String> rooms, Map<String, Object> data) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("sid", sid);
        s.put("pid", pid);
        s.put("rooms", new ArrayList<>(rooms));
        s.put("data", data);
        return Wire.utf8(Base64.getEncoder().encodeToString(Msgpack.encode(s)));
    }

    void started(String sid, String pid, Map<String, Object> data) {
        live.put(sid, new Live(pid, data));
        write(sid, pid, rooms.apply(sid), data, ttl);
    }

    /** The rooms of a socket changed: store it again (nothing when it is not a live session here). */
    void roomsChanged(String sid) {
        Live l = live.get(sid);
        if (l != null) {
            write(sid, l.pid(), rooms.apply(sid), l.data(), ttl);
        }
    }

    /** Whether {@code sid} is connected here (a session of it presented now comes from a stale connection). */
    boolean isLive(String sid) {
        return live.containsKey(sid);
    }

    /** The socket disconnected for a recoverable reason: the caller stores it with the normal TTL. */
    void disconnected(String sid) {
        live.remove(sid);
    }

    /** The socket left for good (not recoverable): its stored live session goes. */
    void left(String sid) {
        Live l = live.remove(sid);
        if (l != null) {
            link.call(c -> c.del(key(l.pid()))).whenComplete((r, e) -> {
                if (e != null) {
                    log.debug("namespace {}: session of {} not deleted: {}", nsp, sid, e.toString());
                }
            });
        }
    }

    private void refreshAll() {
        try {
            live.forEach((sid, l) -> write(sid, l.pid(), rooms.apply(sid), l.data(), ttl));
        } catch (RuntimeException e) {
            log.warn("namespace {}: live sessions not refreshed: {}", nsp, e.toString());
        }
    }

    void write(String sid, String pid, Set<String> rooms, Map<String, Object> data, Duration px) {
        byte[] value = encode(sid, pid, rooms, data);
        link.call(c -> c.set(key(pid), value, SetArgs.Builder.px(px.toMillis()))).whenComplete((r, e) -> {
            if (e != null) {
                log.warn("namespace {}: session {} not persisted: {}", nsp, sid, e.toString());
            }
        });
    }

    private String key(String pid) {
        return link.options().sessionKeyPrefix() + pid;
    }

    void close() {
        refresh.cancel(false);
        live.clear();
    }
}
