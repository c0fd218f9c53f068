package io.zapsocket.server.internal.transport;

import io.netty.channel.Channel;

import java.util.List;

/**
 * A connection that carries whole Engine.IO packets, one message each, in order: a {@link WsConnection}, or the
 * bidirectional stream of a WebTransport session (module {@code zapsocket-webtransport}). What
 * {@code io.zapsocket.server.internal.engine.WsTransport} writes to; inbound messages go to the {@link WsListener}
 * the connection was made with. Outbound methods may be called from any thread unless said otherwise.
 */
public interface MessageConnection {

    /** The channel whose event loop runs this connection and whose water marks bound its writes. */
    Channel channel();

    /** Whether the channel's outbound buffer is below its high water mark. Thread-safe. */
    boolean isWritable();

    /** Bytes the channel takes before it turns unwritable (0 when unwritable). Thread-safe. */
    long bytesBeforeUnwritable();

    /** Bytes written but not yet sent (a snapshot). Thread-safe. */
    long pendingBytes();

    /** Writes the frames (one message each) and flushes once. */
    void write(List<OutFrame> frames);

    /** Like {@link #write(List)}, on the channel's loop, with that loop's cork cache (which it may ignore). */
    void writeOnLoop(List<OutFrame> frames, CorkCache corks);

    /**
     * Closes gracefully after what is queued; if that has not been sent after {@code forceAfterNanos}, closes
     * anyway. Idempotent.
     */
    void close(long forceAfterNanos);

    /** Closes at once, dropping what is unsent (slow clients). */
    void abort();
}
