package io.zapsocket.server;

import io.zapsocket.protocol.Args;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Emits to one socket with per-emit flags. Immutable: each flag method returns a new emitter.
 *
 * @since 0.1
 */
public interface Emitter {

    /** Acknowledgements of emits from this emitter time out after {@code timeout}. */
    Emitter timeout(Duration timeout);

    /** The packet may be dropped if the transport is not ready (e.g. slow client). */
    Emitter asVolatile();

    /**
     * Whether the packet may be compressed (default {@code true}): with {@code false} it is sent uncompressed even
     * when permessage-deflate or HTTP compression is on.
     */
    Emitter compress(boolean compress);

    /** Delivery priority on this socket's connection (default {@link Priority#NORMAL}). */
    Emitter priority(Priority priority);

    /**
     * Sends an event. Arguments: any JSON-serialisable values; {@code byte[]}/{@code ByteBuffer} anywhere become
     * binary attachments. Reserved event names throw {@link IllegalArgumentException}.
     *
     * @return {@code false} if the socket is disconnected (nothing sent)
     */
    boolean emit(String event, Object... args);

    /**
     * Sends an event and waits for the client's acknowledgement. Fails with
     * {@link io.zapsocket.protocol.AckTimeoutException} after the timeout (the emitter's, else the server's
     * {@code ackTimeout}, else none) and with {@link io.zapsocket.protocol.ConnectionClosedException} if the socket
     * disconnects first.
     */
    CompletableFuture<Args> emitWithAck(String event, Object... args);
}
