package io.zapsocket.emitter;

import io.zapsocket.emitter.internal.EmitterMessages;
import io.zapsocket.protocol.sio.ReservedEvents;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * An immutable target of an {@link Emitter}: a namespace, rooms to include and exclude, and flags. Every method that
 * narrows the target returns a new operator; an operator can be kept and used from any thread.
 *
 * @since 0.1.0
 */
public final class BroadcastOperator {
    private final Publisher publisher;
    private final EmitterOptions options;
    private final String nsp;
    private final List<String> rooms;
    private final List<String> except;
    private final boolean isVolatile;
    private final Boolean compress; // null: not set, as Node's emitter leaves the flag out

    BroadcastOperator(Publisher publisher, EmitterOptions options, String nsp, List<String> rooms,
            List<String> except, boolean isVolatile, Boolean compress) {
        this.publisher = publisher;
        this.options = options;
        this.nsp = nsp;
        this.rooms = rooms;
        this.except = except;
        this.isVolatile = isVolatile;
        this.compress = compress;
    }

    /** Adds {@code rooms} to the target (a socket in any of them is reached). */
    public BroadcastOperator to(String... rooms) {
        return to(Arrays.asList(rooms));
    }

    /** Same as {@link #to(String...)}. */
    public BroadcastOperator to(Collection<String> rooms) {
        return new BroadcastOperator(publisher, options, nsp, union(this.rooms, rooms), except, isVolatile, compress);
    }

    /** Same as {@link #to(String...)}. */
    public BroadcastOperator in(String... rooms) {
        return to(rooms);
    }

    /** Leaves out the sockets in {@code rooms}. */
    public BroadcastOperator except(String... rooms) {
        return except(Arrays.asList(rooms));
    }

    /** Same as {@link #except(String...)}. */
    public BroadcastOperator except(Collection<String> rooms) {
        return new BroadcastOperator(publisher, options, nsp, this.rooms, union(except, rooms), isVolatile, compress);
    }

    /** Marks the emit volatile (see {@link Emitter#asVolatile()}). */
    public BroadcastOperator asVolatile() {
        return new BroadcastOperator(publisher, options, nsp, rooms, except, true, compress);
    }

    /** Whether the servers may compress the packet. */
    public BroadcastOperator compress(boolean compress) {
        return new BroadcastOperator(publisher, options, nsp, rooms, except, isVolatile, compress);
    }

    /**
     * Emits {@code event} with {@code args} to the target on every server.
     *
     * @return completes with the number of servers subscribed to the channel, or exceptionally when Redis did not
     *     take the message (unreachable beyond the queue bound, timeout, closed emitter)
     * @throws IllegalArgumentException for a reserved event name ({@code connect}, {@code disconnect}, ...), an
     *     argument that cannot be serialized, or an encoded message larger than
     *     {@link EmitterOptions#maxMessageBytes()}
     */
    public CompletableFuture<Long> emit(String event, Object... args) {
        checkEvent(event);
        Objects.requireNonNull(args, "args");
        Map<String, Boolean> flags = new LinkedHashMap<>();
        if (isVolatile) {
            flags.put("volatile", true);
        }
        if (compress != null) {
            flags.put("compress", compress);
        }
        byte[] message = EmitterMessages.broadcast(nsp, event, args, rooms, except, flags);
        return publish(EmitterMessages.broadcastChannel(options.key(), nsp, rooms), message);
    }

    /** Makes the targeted sockets join {@code rooms} on every server. */
    public CompletableFuture<Long> socketsJoin(String... rooms) {
        return request(EmitterMessages.join(this.rooms, except, checkRooms(rooms)));
    }

    /** Makes the targeted sockets leave {@code rooms} on every server. */
    public CompletableFuture<Long> socketsLeave(String... rooms) {
        return request(EmitterMessages.leave(this.rooms, except, checkRooms(rooms)));
    }

    /** Disconnects the targeted sockets; with {@code close}, their whole Engine.IO connections too. */
    public CompletableFuture<Long> disconnectSockets(boolean close) {
        return request(EmitterMessages.disconnect(rooms, except, close));
    }

    /**
     * Sends {@code event} with {@code args} to the servers' server-side handlers. Rooms and flags do not apply to
     * it (as in Node), only the namespace.
     *
     * @throws IllegalArgumentException for a reserved event name or binary arguments
     */
    public CompletableFuture<Long> serverSideEmit(String event, Object... args) {
        checkEvent(event);
        Object[] data = new Object[args.length + 1];
        data[0] = event;
        System.arraycopy(args, 0, data, 1, args.length);
        return request(EmitterMessages.serverSideEmit(data));
    }

    /** The rooms targeted, in the order given. */
    public List<String> rooms() {
        return rooms;
    }

    /** The rooms excluded, in the order given. */
    public List<String> exceptRooms() {
        return except;
    }

    private CompletableFuture<Long> request(byte[] message) {
        return publish(EmitterMessages.requestChannel(options.key(), nsp), message);
    }

    private CompletableFuture<Long> publish(String channel, byte[] message) {
        if (message.length > options.maxMessageBytes()) {
            throw new IllegalArgumentException("the message is " + message.length + " bytes, over maxMessageBytes ("
                    + options.maxMessageBytes() + ")");
        }
        try {
            return publisher.publish(channel, message).toCompletableFuture();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private static void checkEvent(String event) {
        Objects.requireNonNull(event, "event");
        if (ReservedEvents.isReserved(event)) {
            throw new IllegalArgumentException("\"" + event + "\" is a reserved event name");
        }
    }

    private static List<String> checkRooms(String[] rooms) {
        if (rooms.length == 0) {
            throw new IllegalArgumentException("no room given");
        }
        for (String room : rooms) {
            Objects.requireNonNull(room, "room");
        }
        return List.of(rooms);
    }

    private static List<String> union(List<String> base, Collection<String> more) {
        Set<String> all = new LinkedHashSet<>(base);
        for (String room : more) {
            all.add(Objects.requireNonNull(room, "room"));
        }
        return List.copyOf(new ArrayList<>(all));
    }

    @Override
    public String toString() {
        return "BroadcastOperator{nsp=" + nsp + ", rooms=" + rooms + ", except=" + except + ", volatile="
                + isVolatile + ", compress=" + compress + "}";
    }
}
