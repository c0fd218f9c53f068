package io.zapsocket.protocol;

/**
 * Malformed or disallowed input on the wire (bad packet type, invalid payload, too many attachments, ...).
 * The only exception the codecs throw for bad input; the connection that sent it is closed.
 *
 * @since 0.1
 */
public class ProtocolException extends ZapSocketException {
    private static final long serialVersionUID = 1L;

    public ProtocolException(String message) {
        super(message);
    }

    public ProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}
