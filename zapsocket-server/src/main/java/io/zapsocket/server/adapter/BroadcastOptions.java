package io.zapsocket.server.adapter;

import java.time.Duration;
import java.util.Set;

/**
 * Who a broadcast targets and how it is sent.
 *
 * @param rooms    target rooms; empty means every socket of the namespace
 * @param except   rooms whose sockets are excluded
 * @param flags    delivery flags
 * @since 0.1
 */
public record BroadcastOptions(Set<String> rooms, Set<String> except, Flags flags) {

    public BroadcastOptions {
        rooms = Set.copyOf(rooms);
        except = Set.copyOf(except);
    }

    /** Delivery flags, as in Socket.IO's {@code BroadcastFlags}. {@code timeout} may be {@code null}. */
    public record Flags(boolean volatile_, boolean compress, boolean local, Duration timeout) {
        public static final Flags DEFAULT = new Flags(false, true, false, null);
    }
}
