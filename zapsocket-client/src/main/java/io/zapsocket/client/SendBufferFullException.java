package io.zapsocket.client;

import io.zapsocket.protocol.ZapSocketException;

/**
 * An emit was refused ({@link OverflowPolicy#REJECT}) or a buffered one dropped ({@link OverflowPolicy#DROP_OLDEST})
 * because the socket's offline send buffer or retry queue was full.
 *
 * @since 0.1
 */
public class SendBufferFullException extends ZapSocketException {
    private static final long serialVersionUID = 1L;

    public SendBufferFullException(String message) {
        super(message);
    }
}
