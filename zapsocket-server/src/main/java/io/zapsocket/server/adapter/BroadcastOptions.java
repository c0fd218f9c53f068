package io.zapsocket.server.adapter;

import io.zapsocket.server.Priority;
import java.time.Duration;
import java.util.Objects;
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

    /**
     * Whether a recipient in {@code memberRooms} is targeted: no rooms given or one of them shared, and none of the
     * {@code except} rooms shared (Socket.IO's rule).
     *
     * @since 0.1.0
     */
    public boolean reaches(Set<String> memberRooms) {
        boolean included = rooms.isEmpty();
        if (!included) {
            for (String r : memberRooms) {
                if (rooms.contains(r)) {
                    included = true;
                    break;
                }
            }
        }
        if (!included || except.isEmpty()) {
            return included;
        }
        for (String r : memberRooms) {
            if (except.contains(r)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Delivery flags, as in Socket.IO's {@code BroadcastFlags}, plus the delivery {@link Priority}.
     * {@code timeout} may be {@code null}.
     */
    public record Flags(boolean isVolatile, boolean compress, boolean local, Duration timeout, Priority priority) {
        public static final Flags DEFAULT = new Flags(false, true, false, null, Priority.NORMAL);

        public Flags {
            Objects.requireNonNull(priority, "priority");
        }

        /** Socket.IO's four flags with {@link Priority#NORMAL}. */
        public Flags(boolean isVolatile, boolean compress, boolean local, Duration timeout) {
            this(isVolatile, compress, local, timeout, Priority.NORMAL);
        }

        public Flags withVolatile(boolean v) {
            return new Flags(v, compress, local, timeout, priority);
        }

        public Flags withCompress(boolean c) {
            return new Flags(isVolatile, c, local, timeout, priority);
        }

        public Flags withLocal(boolean l) {
            return new Flags(isVolatile, compress, l, timeout, priority);
        }

        public Flags withTimeout(Duration t) {
            return new Flags(isVolatile, compress, local, t, priority);
        }

        public Flags withPriority(Priority p) {
            return new Flags(isVolatile, compress, local, timeout, p);
        }
    }
}
