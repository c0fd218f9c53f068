package io.zapsocket.server;

/**
 * Fails an {@code emitWithAck} to a socket that already has {@link ServerOptions#maxPendingAcks()} acknowledgements
 * outstanding: nothing was sent. The client has stopped acknowledging (or the application asks faster than it
 * answers); retry later or disconnect it.
 *
 * @since 0.2
 */
public final class TooManyPendingAcksException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /** @param max the bound that was reached */
    public TooManyPendingAcksException(int max) {
        super("too many pending acknowledgements (maxPendingAcks = " + max + ")");
    }
}
