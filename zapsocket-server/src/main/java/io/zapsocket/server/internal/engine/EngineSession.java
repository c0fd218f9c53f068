package io.zapsocket.server.internal.engine;

import io.netty.channel.EventLoop;
import io.zapsocket.protocol.Transport;
import io.zapsocket.server.RequestInfo;

/**
 * One Engine.IO session (one client connection, whatever its transport). All its state is confined to
 * {@link #eventLoop()}. The {@code send}/{@code close} methods may be called from any thread: off the loop they
 * hop onto it, so calls made from one thread keep their order.
 */
public interface EngineSession {

    /** The Engine.IO session id ({@code sid}), 20 characters, base64url alphabet. */
    String id();

    /** The loop that owns this session; use it for timers of layers above. */
    EventLoop eventLoop();

    /** The request that opened the session. */
    RequestInfo request();

    /** The current transport (changes from POLLING to WEBSOCKET on upgrade). */
    Transport transport();

    /** Whether the session is open (not closing or closed). */
    boolean isOpen();

    /**
     * Whether the transport can take more data right now: less than {@code writeBufferHighWaterMark} queued in the
     * session and, over WebSocket, a writable channel. Used to drop {@code volatile} packets.
     */
    boolean isWritable();

    /**
     * Queues an Engine.IO {@code message}: the text packet, then its binary attachments, atomically (nothing is
     * interleaved between them), in the queue of its {@link OutboundMessage#priority()}. The message is immutable
     * and may be shared by many sessions (broadcast: encode once, write many). Silently dropped if the session is
     * closed, or if the message is {@linkplain OutboundMessage#isVolatile() volatile} and the transport is not
     * {@linkplain #isWritable() writable} when it reaches the session's loop. May close the session with
     * {@code slow client} when the outbound budget is exceeded.
     */
    void send(OutboundMessage message);

    /**
     * Queues a text message for this session only, from its encoded bytes (the UTF-8 of {@code "4" + text}; not
     * copied, must not be modified), with the default flags (compressible, not volatile, normal priority), as
     * {@code send(OutboundMessage.ofUtf8WithType(utf8WithType))} does. An implementation may skip the shareable
     * message object. Thread-safe like {@link #send}.
     */
    default void sendText(byte[] utf8WithType) {
        send(OutboundMessage.ofUtf8WithType(utf8WithType));
    }

    /**
     * Queues one binary Engine.IO {@code message} on its own (no text packet before it), e.g. for a raw Engine.IO
     * echo. The array is not copied and must not be modified. Silently dropped if the session is closed.
     * Thread-safe like {@link #send}.
     *
     * @throws UnsupportedOperationException if the implementation cannot send lone binary messages
     */
    default void sendBinary(byte[] data) {
        throw new UnsupportedOperationException("sendBinary");
    }

    /**
     * Closes the session gracefully: what is queued is flushed, then {@code 1} (close) is sent, then the transport
     * is closed. The listener's {@code onClose} is called with {@code forced close}. Idempotent.
     */
    void close();
}
