package io.zapsocket.protocol;

/**
 * The client gave up connecting: every reconnection attempt failed ({@code reconnect_failed}), or the connection
 * failed or was lost with reconnection turned off. Emits still buffered (or retried) then fail with this; the
 * socket is inactive until {@code connect()} is called again.
 *
 * @since 0.2
 */
public class ReconnectFailedException extends ConnectionClosedException {
    private static final long serialVersionUID = 1L;
    private final int attempts;

    public ReconnectFailedException(int attempts, Throwable lastError) {
        super(attempts == 0
                ? "the connection failed and reconnection is off" + (lastError == null ? "" : ": " + lastError)
                : "reconnection failed after " + attempts + " attempts"
                        + (lastError == null ? "" : " (last error: " + lastError + ")"));
        if (lastError != null) {
            initCause(lastError);
        }
        this.attempts = attempts;
    }

    /** The reconnection attempts made (0 with reconnection off). */
    public int attempts() {
        return attempts;
    }
}
