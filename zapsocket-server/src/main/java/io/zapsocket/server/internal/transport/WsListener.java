package io.zapsocket.server.internal.transport;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * Inbound events of one {@link WsConnection}, called on the connection's event loop in wire order. Fragmented
 * messages arrive aggregated; control frames (ping/pong/close) are handled by the connection itself.
 */
public interface WsListener {

    /** A complete text message (UTF-8 validated). */
    void onText(String text);

    /**
     * A complete text message as its bytes, already validated as UTF-8; the buffer is only valid during the call
     * (not retained, not released by the listener). By default decoded whole for {@link #onText(String)}: a listener
     * that needs only part of the text overrides this to decode just that part.
     */
    default void onText(ByteBuf utf8) {
        onText(utf8.toString(StandardCharsets.UTF_8));
    }

    /** A complete binary message; the array belongs to the listener. */
    void onBinary(byte[] data);

    /**
     * Input that is not an Engine.IO packet stream (a WebTransport stream's framing broke, or a packet over
     * {@code maxHttpBufferSize}): the session closes with {@code parse error}. By default reported as an error.
     */
    default void onParseError(String message) {
        onError(new IllegalArgumentException(message));
    }

    /** A protocol or I/O error (e.g. message too big, close code 1009 already sent); {@link #onClose} follows. */
    void onError(Throwable cause);

    /** The channel's write buffer went below its low water mark: it takes data again. */
    default void onWritable() {
    }

    /** The connection is closed; called exactly once, last. */
    void onClose();
}
