package io.zapsocket.emitter;

import io.zapsocket.emitter.internal.RedisPublisher;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Emits to a cluster of Zap-Socket and Node socket.io servers through Redis, from any JVM process that is not a
 * server itself (a batch job, a web application, a worker): the Java twin of Node's {@code @socket.io/redis-emitter}
 * 5.x, byte for byte. The servers must use the classic Redis pub/sub adapter ({@code RedisAdapters.pubSub} on
 * Zap-Socket, {@code @socket.io/redis-adapter} on Node) with the same {@link EmitterOptions#key() key}.
 *
 * <pre>{@code
 * try (Emitter emitter = Emitter.create(EmitterOptions.builder("redis://localhost:6379").build())) {
 *     emitter.to("room-42").emit("news", Map.of("title", "hello")).join();   // completes when Redis took it
 *     emitter.of("/admin").except("muted").emit("alert", 3);
 *     emitter.in("room-42").socketsJoin("room-43");
 *     emitter.in("banned").disconnectSockets(true);
 * }
 * }</pre>
 *
 * <p>Targeting is immutable: {@code to}, {@code in}, {@code except}, {@code asVolatile} and {@code compress} return a
 * new {@link BroadcastOperator}. Arguments are what a server's {@code emit} takes: {@code null}, strings, numbers,
 * booleans, {@code byte[]}/{@code ByteBuffer} (binary), lists, maps, arrays and records/POJOs (as Jackson writes
 * them). An emit never blocks: the returned future completes with the number of servers subscribed to the channel
 * (what Redis's {@code PUBLISH} answers), not the number of sockets reached. Thread-safe; one instance per process
 * is enough. What the emitter cannot do, as in Node: acknowledgements, {@code fetchSockets}, waiting for an answer.
 *
 * @since 0.1.0
 */
public final class Emitter implements AutoCloseable {
    private final Publisher publisher;
    private final EmitterOptions options;
    private final String nsp;

    private Emitter(Publisher publisher, EmitterOptions options, String nsp) {
        this.publisher = publisher;
        this.options = options;
        this.nsp = nsp;
    }

    /**
     * An emitter that publishes to the Redis at {@link EmitterOptions#uri()}. The connection opens on the first emit
     * and reconnects by itself; {@link #close()} releases it.
     *
     * @throws IllegalArgumentException when the options have no Redis URI
     */
    public static Emitter create(EmitterOptions options) {
        Objects.requireNonNull(options, "options");
        return new Emitter(new RedisPublisher(options), options, "/");
    }

    /** An emitter that hands its messages to {@code publisher} (another broker connection, or a test's recorder). */
    public static Emitter create(Publisher publisher, EmitterOptions options) {
        return new Emitter(Objects.requireNonNull(publisher, "publisher"), Objects.requireNonNull(options, "options"),
                "/");
    }

    /** The same emitter aimed at namespace {@code nsp} ({@code "/chat"}; a missing leading slash is added). */
    public Emitter of(String nsp) {
        Objects.requireNonNull(nsp, "nsp");
        return new Emitter(publisher, options, nsp.startsWith("/") ? nsp : "/" + nsp);
    }

    /** The namespace this emitter targets. */
    public String namespace() {
        return nsp;
    }

    /** Targets the sockets in {@code rooms} (the union with rooms named before). */
    public BroadcastOperator to(String... rooms) {
        return operator().to(rooms);
    }

    /** Same as {@link #to(String...)}. */
    public BroadcastOperator to(Collection<String> rooms) {
        return operator().to(rooms);
    }

    /** Same as {@link #to(String...)}. */
    public BroadcastOperator in(String... rooms) {
        return operator().in(rooms);
    }

    /** Leaves out the sockets in {@code rooms}. */
    public BroadcastOperator except(String... rooms) {
        return operator().except(rooms);
    }

    /** Same as {@link #except(String...)}. */
    public BroadcastOperator except(Collection<String> rooms) {
        return operator().except(rooms);
    }

    /** Marks the emit volatile: a socket that cannot take it now (polling between requests, buffer full) misses it. */
    public BroadcastOperator asVolatile() {
        return operator().asVolatile();
    }

    /** Whether the servers may compress the packet (default {@code true}). */
    public BroadcastOperator compress(boolean compress) {
        return operator().compress(compress);
    }

    /** Emits {@code event} to every socket of the namespace, on every server. */
    public CompletableFuture<Long> emit(String event, Object... args) {
        return operator().emit(event, args);
    }

    /** Makes every socket of the namespace join {@code rooms}, on every server. */
    public CompletableFuture<Long> socketsJoin(String... rooms) {
        return operator().socketsJoin(rooms);
    }

    /** Makes every socket of the namespace leave {@code rooms}, on every server. */
    public CompletableFuture<Long> socketsLeave(String... rooms) {
        return operator().socketsLeave(rooms);
    }

    /**
     * Disconnects every socket of the namespace; with {@code close}, their whole Engine.IO connections (all
     * namespaces) too.
     */
    public CompletableFuture<Long> disconnectSockets(boolean close) {
        return operator().disconnectSockets(close);
    }

    /**
     * Sends {@code args} to the servers themselves (their {@code on("...")} server-side handlers, as Node's
     * {@code io.serverSideEmit}); the first argument is the event name. No acknowledgement: an emitter is not a
     * server and cannot collect answers.
     *
     * @throws IllegalArgumentException for a reserved event name, or binary arguments (the request is JSON)
     */
    public CompletableFuture<Long> serverSideEmit(String event, Object... args) {
        return operator().serverSideEmit(event, args);
    }

    /** Closes the connection shared by this emitter and every emitter {@link #of} made from it. Idempotent. */
    @Override
    public void close() {
        publisher.close();
    }

    private BroadcastOperator operator() {
        return new BroadcastOperator(publisher, options, nsp, List.of(), List.of(), false, null);
    }

    @Override
    public String toString() {
        return "Emitter{nsp=" + nsp + ", " + options + "}";
    }
}
