package io.zapsocket.sync;

import io.zapsocket.protocol.ZapSocketException;
import java.util.Objects;

/**
 * A sync request refused with a {@link SyncError}; the server-side API fails its futures with it, and the wire
 * protocol answers {@code {"error":{"code":error().code(),"message":getMessage()}}}.
 *
 * @since 0.2
 */
public class SyncException extends ZapSocketException {
    private static final long serialVersionUID = 1L;

    private final SyncError error;

    public SyncException(SyncError error, String message) {
        super(message);
        this.error = Objects.requireNonNull(error, "error");
    }

    public SyncException(SyncError error, String message, Throwable cause) {
        super(message, cause);
        this.error = Objects.requireNonNull(error, "error");
    }

    /** The error code. */
    public SyncError error() {
        return error;
    }
}
