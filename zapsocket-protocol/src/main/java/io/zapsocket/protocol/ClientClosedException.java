package io.zapsocket.protocol;

/**
 * The client was closed before the operation completed: an emit still buffered or waiting for its
 * acknowledgement, or one made after {@code close()}. The message says which.
 *
 * @since 0.2
 */
public class ClientClosedException extends ConnectionClosedException {
    private static final long serialVersionUID = 1L;

    public ClientClosedException(String message) {
        super(message);
    }
}
