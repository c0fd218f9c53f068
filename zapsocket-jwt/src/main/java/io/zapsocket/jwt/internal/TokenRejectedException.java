package io.zapsocket.jwt.internal;

import io.zapsocket.protocol.ZapSocketException;

/** A token that was not accepted, with the code the client is told ({@code invalid_token}, ...). */
public final class TokenRejectedException extends ZapSocketException {
    private static final long serialVersionUID = 1L;
    private final String code;

    public TokenRejectedException(String code, String message) {
        super(message);
        this.code = code;
    }

    public TokenRejectedException(String code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
