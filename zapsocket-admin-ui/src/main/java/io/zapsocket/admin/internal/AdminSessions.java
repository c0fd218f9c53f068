package io.zapsocket.admin.internal;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Logins the UI may reuse (it reconnects with {@code auth.sessionId}): random 128-bit ids, each valid for the TTL;
 * at most {@code max} at once (the oldest is forgotten first), so a flood of logins cannot grow memory.
 */
public final class AdminSessions {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Duration ttl;
    private final int max;
    private final Clock clock;
    private final ConcurrentHashMap<String, Long> expiries = new ConcurrentHashMap<>();

    public AdminSessions(Duration ttl, int max, Clock clock) {
        this.ttl = ttl;
        this.max = max;
        this.clock = clock;
    }

    public String create() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        String id = HexFormat.of().formatHex(b);
        purge();
        while (expiries.size() >= max) {
            String oldest = null;
            long at = Long.MAX_VALUE;
            for (Map.Entry<String, Long> e : expiries.entrySet()) {
                if (e.getValue() < at) {
                    at = e.getValue();
                    oldest = e.getKey();
                }
            }
            if (oldest == null) {
                break;
            }
            expiries.remove(oldest);
        }
        expiries.put(id, clock.millis() + ttl.toMillis());
        return id;
    }

    public boolean valid(Object id) {
        if (!(id instanceof String s)) {
            return false;
        }
        Long until = expiries.get(s);
        if (until == null) {
            return false;
        }
        if (until < clock.millis()) {
            expiries.remove(s, until);
            return false;
        }
        return true;
    }

    int size() {
        return expiries.size();
    }

    private void purge() {
        long now = clock.millis();
        for (Iterator<Long> it = expiries.values().iterator(); it.hasNext(); ) {
            if (it.next() < now) {
                it.remove();
            }
        }
    }
}
