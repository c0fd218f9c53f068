package io.zapsocket.protocol;

/**
 * A blocking wait ({@code join()}, {@code get()}) on a future of the client, made on one of the client's own
 * threads (its event thread or listener executor task, or its I/O thread), while the future was not complete. That
 * thread is the one that would complete the future, so the wait would never end: it fails at once instead, as
 * Netty's {@code BlockingOperationException} does. Chain with {@code thenAccept}/{@code whenComplete} instead, or
 * block on a thread of your own. A programmer error, not a runtime condition.
 *
 * @since 0.2
 */
public class BlockingOperationException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public BlockingOperationException(String message) {
        super(message);
    }
}
