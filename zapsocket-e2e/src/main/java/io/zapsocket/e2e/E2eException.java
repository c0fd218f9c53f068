package io.zapsocket.e2e;

import io.zapsocket.protocol.ZapSocketException;

/**
 * An envelope that could not be sealed or opened, with the {@link Reason}. Never carries key material or plaintext.
 *
 * @since 0.1.0
 */
public final class E2eException extends ZapSocketException {
    private static final long serialVersionUID = 1L;

    /** Why. */
    public enum Reason {
        /** The room has no key in the keyring (sealing), or not the envelope's key id (opening). */
        UNKNOWN_KEY,
        /** Not an envelope of a version this library reads: a field is missing or of the wrong type. */
        MALFORMED,
        /** The authentication tag does not match: the envelope was altered, or sealed for another room or key. */
        TAMPERED
    }

    private final Reason reason;

    E2eException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
