package io.zapsocket.postgres;

import io.zapsocket.postgres.internal.PgLink;
import io.zapsocket.protocol.sio.ReservedEvents;
import io.zapsocket.server.adapter.ClusterAdapterWithHeartbeat;
import io.zapsocket.server.adapter.ClusterMessage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Sends to the sockets of a PostgreSQL cluster from a process that is not a Socket.IO server (a worker, a batch job),
 * as Node's {@code @socket.io/postgres-emitter}: messages from uid {@code "emitter"} NOTIFY'd on
 * {@code channelPrefix#nsp}, through the attachment table when they carry binary or are large. Zap-Socket and Node
 * nodes with {@code @socket.io/postgres-adapter} 0.5 apply them. Unlike Node's emitter 0.1.1, the messages name their
 * namespace ({@code nsp}), which the 0.5 adapter requires.
 *
 * <pre>{@code
 * PostgresEmitter emitter = PostgresEmitter.create(PostgresAdapterOptions.builder(jdbcUrl).build());
 * emitter.to("room1").except("room2").emit("news", Map.of("title", "…"));
 * emitter.of("/admin").serverSideEmit("reload");
 * emitter.close();
 * }</pre>
 *
 * <p>Immutable: {@link #of}, {@link #to}, {@link #except}, {@link #compress} and {@link #asVolatile} return new
 * emitters that share the root's connection; thread-safe. Publishing never blocks (a bounded queue,
 * {@code maxQueuedPublishes}); {@link #close()} on any of them closes the shared connection. No acknowledgements and
 * no fetchSockets (an emitter receives nothing). Like the adapters, it creates the attachment table if missing
 * ({@code createTable}) and deletes attachments older than {@code cleanupInterval}.
 *
 * @since 0.2
 */
public final class PostgresEmitter implements AutoCloseable {
    private final PgLink link;
    private final String nsp;
    private final Set<String> rooms;
    private final Set<String> except;
    private final Map<String, Object> flags;

    private PostgresEmitter(PgLink link, String nsp, Set<String> rooms, Set<String> except,
                            Map<String, Object> flags) {
        this.link = link;
        this.nsp = nsp;
        this.rooms = rooms;
        this.except = except;
        this.flags = flags;
    }

    /** An emitter of the main namespace {@code /}; only the publisher connection of {@code options} is used. */
    public static PostgresEmitter create(PostgresAdapterOptions options) {
        return new PostgresEmitter(new PgLink(options, "zapsocket-postgres-emitter"), "/", Set.of(), Set.of(),
                Map.of());
    }

    /** The same emitter for namespace {@code nsp} (a leading {@code /} is added if missing), without targets. */
    public PostgresEmitter of(String nsp) {
        Objects.requireNonNull(nsp, "nsp");
        return new PostgresEmitter(link, nsp.startsWith("/") ? nsp : "/" + nsp, Set.of(), Set.of(), Map.of());
    }

    /** Targets the sockets of these rooms too. */
    public PostgresEmitter to(String... rooms) {
        return new PostgresEmitter(link, nsp, plus(this.rooms, rooms), except, flags);
    }

    /** Same as {@link #to}. */
    public PostgresEmitter in(String... rooms) {
        return to(rooms);
    }

    /** Excludes the sockets of these rooms. */
    public PostgresEmitter except(String... rooms) {
        return new PostgresEmitter(link, nsp, this.rooms, plus(except, rooms), flags);
    }

    /** Whether the event may be compressed (the {@code compress} flag). */
    public PostgresEmitter compress(boolean compress) {
        return withFlag("compress", compress);
    }

    /** The event may be dropped for clients that are not ready (the {@code volatile} flag). */
    public PostgresEmitter asVolatile() {
        return withFlag("volatile", true);
    }

    private PostgresEmitter withFlag(String flag, Object value) {
        Map<String, Object> f = new LinkedHashMap<>(flags);
        f.put(flag, value);
        return new PostgresEmitter(link, nsp, rooms, except, Collections.unmodifiableMap(f));
    }

    private static Set<String> plus(Set<String> set, String... more) {
        Set<String> s = new LinkedHashSet<>(set);
        for (String r : more) {
            s.add(Objects.requireNonNull(r, "room"));
        }
        return Collections.unmodifiableSet(s);
    }

    /**
     * Emits {@code event} to the targeted sockets of every node.
     *
     * @return completes once NOTIFY'd (exceptionally if PostgreSQL refused it or the queue was full)
     * @throws IllegalArgumentException for a reserved event name ({@code connect}, {@code disconnect}, ...)
     */
    public CompletableFuture<Void> emit(String event, Object... args) {
        List<Object> data = eventData(event, args);
        Map<String, Object> packet = new LinkedHashMap<>();
        packet.put("type", 2);
        packet.put("data", data);
        packet.put("nsp", nsp);
        Map<String, Object> opts = new LinkedHashMap<>();
        opts.put("rooms", new ArrayList<>(rooms));
        opts.put("flags", flags);
        opts.put("except", new ArrayList<>(except));
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("packet", packet);
        d.put("opts", opts);
        return publish(ClusterMessage.BROADCAST, d);
    }

    /** Makes the targeted sockets join {@code rooms}. */
    public CompletableFuture<Void> socketsJoin(String... rooms) {
        return publish(ClusterMessage.SOCKETS_JOIN, membership(rooms));
    }

    /** Makes the targeted sockets leave {@code rooms}. */
    public CompletableFuture<Void> socketsLeave(String... rooms) {
        return publish(ClusterMessage.SOCKETS_LEAVE, membership(rooms));
    }

    /** Disconnects the targeted sockets ({@code close}: also close their underlying connection). */
    public CompletableFuture<Void> disconnectSockets(boolean close) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("opts", targets());
        d.put("close", close);
        return publish(ClusterMessage.DISCONNECT_SOCKETS, d);
    }

    /** Sends {@code event} to the {@code onServerSideEmit} handlers of every node (no acknowledgement). */
    public CompletableFuture<Void> serverSideEmit(String event, Object... args) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("packet", eventData(event, args));
        return publish(ClusterMessage.SERVER_SIDE_EMIT, d);
    }

    private static List<Object> eventData(String event, Object... args) {
        Objects.requireNonNull(event, "event");
        if (ReservedEvents.isReserved(event)) {
            throw new IllegalArgumentException("\"" + event + "\" is a reserved event name");
        }
        List<Object> data = new ArrayList<>(args.length + 1);
        data.add(event);
        data.addAll(Arrays.asList(args));
        return data;
    }

    private Map<String, Object> targets() {
        Map<String, Object> opts = new LinkedHashMap<>();
        opts.put("rooms", new ArrayList<>(rooms));
        opts.put("except", new ArrayList<>(except));
        return opts;
    }

    private Map<String, Object> membership(String... newRooms) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("opts", targets());
        d.put("rooms", List.of(newRooms));
        return d;
    }

    private CompletableFuture<Void> publish(int type, Map<String, Object> data) {
        return link.publish(link.channel(nsp),
                new ClusterMessage(ClusterAdapterWithHeartbeat.EMITTER_UID, nsp, type, data));
    }

    /** Publishes that failed since the start. */
    public long failedPublishes() {
        return link.failedPublishes();
    }

    /** Waits up to 2 s for queued messages, then closes the shared connection. Idempotent. */
    @Override
    public void close() {
        link.close();
    }
}
