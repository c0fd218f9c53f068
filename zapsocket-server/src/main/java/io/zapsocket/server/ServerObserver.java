package io.zapsocket.server;

import io.zapsocket.protocol.Transport;

/**
 * Receives the server's events as they happen, for metrics (the {@code zapsocket-micrometer} module implements it).
 * Added with {@link SocketServer#addObserver(ServerObserver)}; what can be read at any time (connections per
 * transport and namespace, drops, blocked loops, queued bytes) is in {@link SocketServer#stats()} instead.
 *
 * <p>Every method has an empty default. They are called on the event loops (and the thread that runs
 * {@code close}), many times per second: an implementation must be fast, non-blocking and thread-safe (a
 * {@code LongAdder} or a Micrometer counter). An exception thrown by a method is logged once and otherwise ignored.
 * Arguments are primitives and constants, so without an observer nothing is allocated for it.
 *
 * @since 0.3
 */
public interface ServerObserver {

    /** Why a handshake (a request without {@code sid}) was refused. */
    enum HandshakeRefusal {
        /** {@code Origin} not in the allowlist (403). */
        ORIGIN_NOT_ALLOWED,
        /** The per-IP handshake rate limit (429). */
        RATE_LIMITED,
        /** {@code maxConnections} reached (503). */
        TOO_MANY_CONNECTIONS,
        /** The server is draining ({@link SocketServer#close(java.time.Duration)}, 503). */
        DRAINING,
        /** {@link AllowRequest} refused it (403). */
        FORBIDDEN,
        /** Not Engine.IO v4 ({@code EIO=4}). */
        UNSUPPORTED_PROTOCOL
    }

    /** How a queued packet was dropped by flow control. */
    enum DropPolicy {
        /** A {@code volatile} packet while the transport was not writable. */
        VOLATILE,
        /** A {@link Priority#LOW} packet above {@code lowPriorityBufferedBytes}. */
        LOW_PRIORITY,
        /**
         * The connection was closed with {@code slow client} ({@code maxBufferedBytes} / {@code maxBufferedPackets});
         * counted once per connection, whatever it had queued.
         */
        SLOW_CLIENT
    }

    /** A new Engine.IO connection was opened on {@code transport}. */
    default void onHandshakeAccepted(Transport transport) {
    }

    /** A handshake was refused. */
    default void onHandshakeRefused(HandshakeRefusal reason) {
    }

    /**
     * An Engine.IO message was received from a client.
     *
     * @param bytes its payload size: the bytes of a binary message, the characters of a text one (equal to its
     *              UTF-8 bytes when it is ASCII)
     */
    default void onMessageReceived(int bytes) {
    }

    /**
     * Socket.IO packets were queued for clients: totals, reported once per event-loop flush (a broadcast to a
     * thousand sockets of a loop is one call).
     *
     * @param frames the Engine.IO messages they take (a packet: 1 + its binary attachments; pings not counted)
     * @param bytes  their payload bytes (UTF-8 text and binary, before transport framing and compression)
     */
    default void onPacketSent(int frames, long bytes) {
    }

    /** The server sent an event that asks the client for an acknowledgement (with or without a timeout). */
    default void onAckRequested() {
    }

    /** An acknowledgement the server asked for did not arrive within its timeout. */
    default void onAckTimeout() {
    }

    /**
     * A sampled packet was written: {@code nanos} elapsed from its reaching the connection's queue to its write to
     * the socket (WebSocket) or its poll response (polling). At most one packet in flight per connection is
     * sampled, one in 16 of its packets.
     */
    default void onWriteLatency(long nanos) {
    }

    /** Flow control dropped {@code packets} packets (see {@link DropPolicy}). */
    default void onDropped(DropPolicy policy, int packets) {
    }

    /** An event was refused by the per-socket rate limits ({@code rateLimits}). */
    default void onRateLimited() {
    }

    /**
     * A client asked to recover a session (connection state recovery).
     *
     * @param recovered whether the session was found (else the client got a new one)
     */
    default void onRecovery(boolean recovered) {
    }
}
