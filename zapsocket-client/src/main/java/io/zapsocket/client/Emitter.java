package io.zapsocket.client;

import io.zapsocket.protocol.Args;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Sends events on one namespace socket. Immutable: {@link #timeout(Duration)} and {@link #asVolatile()} return new
 * emitters with that flag, the socket itself keeps no sticky flags. Every method may be called from any thread.
 *
 * <p>Arguments may be any value {@link io.zapsocket.protocol.json.Json} can write (maps, lists, records, POJOs,
 * scalars); {@code byte[]} / {@code ByteBuffer} anywhere in them are sent as binary attachments. They are encoded
 * when the method is called, so later changes to them have no effect, except to the content of {@code byte[]}
 * arrays (not copied: don't modify them). Reserved event names ({@code connect}, {@code disconnect}, ...) and
 * values that cannot be serialized are programmer errors and throw {@link IllegalArgumentException}; every runtime
 * condition (timeout, disconnection, full buffer) fails the returned future or the callback instead.
 *
 * <p>Returned futures and callbacks complete on the client's event thread (or listener executor), in order with
 * the events, never on the I/O thread. Every returned future completes: with the result, or with a typed exception
 * saying why not ({@link io.zapsocket.protocol.AckTimeoutException},
 * {@link io.zapsocket.protocol.ConnectionClosedException} and its subclasses
 * {@link io.zapsocket.protocol.ClientClosedException}, {@link io.zapsocket.protocol.ReconnectFailedException},
 * {@link io.zapsocket.protocol.ConnectRefusedException}, {@link SendBufferFullException},
 * {@link RetriesExhaustedException}). An emit on a socket that is not active (before {@code connect()}, after
 * {@code disconnect()}) waits in the offline buffer until {@code connect()} or {@code close()}. Blocking on a
 * future ({@code join}/{@code get}) on the client's own event thread would never return: it throws
 * {@link io.zapsocket.protocol.BlockingOperationException} at once instead.
 *
 * @since 0.1
 */
public interface Emitter {

    /**
     * Emits an event without acknowledgement (with {@code retries}, an implicit one). When disconnected, the packet
     * waits in the bounded offline buffer and is sent in order on connect (volatile ones are dropped).
     *
     * @return completes when the packet was written to the connection (with {@code retries}: when the server
     *     acknowledged it); fails with {@link SendBufferFullException}, {@link RetriesExhaustedException},
     *     {@link io.zapsocket.protocol.ConnectionClosedException} (client closed, volatile packet dropped)
     * @throws IllegalArgumentException for a reserved or {@code null} event name or unserializable arguments
     */
    CompletableFuture<Void> emit(String event, Object... args);

    /**
     * Emits an event and calls {@code callback} exactly once with the server's acknowledgement or an error
     * ({@link io.zapsocket.protocol.AckTimeoutException} after the timeout,
     * {@link io.zapsocket.protocol.ConnectionClosedException} when the socket disconnects first, unless
     * {@code retries} keeps the packet for a resend).
     *
     * @throws IllegalArgumentException for a reserved or {@code null} event name or unserializable arguments
     */
    void emit(String event, AckCallback callback, Object... args);

    /**
     * Emits an event and returns the server's acknowledgement. Times out after {@link #timeout(Duration)}, or
     * {@code ackTimeout} of the options if none was given, counted from the emit (see
     * {@link #timeoutAfterWrite(Duration)} to count from the write), or never (the future still fails when the
     * socket disconnects, unless {@code retries} keeps the packet, and when the client gives up or closes).
     *
     * @throws IllegalArgumentException for a reserved or {@code null} event name or unserializable arguments
     */
    CompletableFuture<Args> emitWithAck(String event, Object... args);

    /**
     * An emitter whose acknowledgements time out after {@code timeout} (fail with
     * {@link io.zapsocket.protocol.AckTimeoutException}), counted <em>from the emit</em>, as in the JavaScript
     * client: time spent in the offline buffer counts, and an emit still buffered when the time is up fails and is
     * never sent. This is also how the options' {@code ackTimeout} counts. For "deliver when back, then wait for
     * the ack", use {@link #timeoutAfterWrite(Duration)}.
     *
     * @throws IllegalArgumentException if {@code timeout} is not positive
     */
    Emitter timeout(Duration timeout);

    /**
     * An emitter whose acknowledgements time out {@code timeout} after the packet was <em>written</em> to the
     * connection: an emit made while offline waits in the offline buffer without a deadline, is sent on connect,
     * and only then has {@code timeout} to be acknowledged. It still completes if the client gives up: closed
     * ({@link io.zapsocket.protocol.ClientClosedException}), reconnection failed
     * ({@link io.zapsocket.protocol.ReconnectFailedException}) or the namespace refused
     * ({@link io.zapsocket.protocol.ConnectRefusedException}). With {@code retries}, every attempt is timed from its
     * write anyway.
     *
     * @throws IllegalArgumentException if {@code timeout} is not positive
     */
    Emitter timeoutAfterWrite(Duration timeout);

    /**
     * An emitter of volatile packets: dropped (future failed with
     * {@link io.zapsocket.protocol.ConnectionClosedException}) instead of buffered when the socket is not connected
     * or the transport cannot write right now, and never retried.
     */
    Emitter asVolatile();
}
