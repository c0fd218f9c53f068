package io.zapsocket.server;

import java.time.Duration;
import java.util.Objects;

/**
 * The optional sticky-session cookie set on the handshake response ({@code Set-Cookie: io=<sid>; Path=/;
 * HttpOnly; SameSite=Lax} by default), used by load balancers that route by cookie.
 *
 * <p>Immutable; build with {@link #builder()}.
 *
 * @since 0.1
 */
public final class CookieOptions {
    /** Node's {@code cookie: true}: name {@code io}, path {@code /}, HttpOnly, SameSite=Lax. */
    public static final CookieOptions DEFAULT = builder().build();

    private final String name;
    private final String path;
    private final boolean httpOnly;
    private final String sameSite;
    private final boolean secure;
    private final Duration maxAge;

    private CookieOptions(Builder b) {
        this.name = b.name;
        this.path = b.path;
        this.httpOnly = b.httpOnly;
        this.sameSite = b.sameSite;
        this.secure = b.secure;
        this.maxAge = b.maxAge;
    }

    public static Builder builder() {
        return new Builder();
    }

    public String name() {
        return name;
    }

    public String path() {
        return path;
    }

    public boolean httpOnly() {
        return httpOnly;
    }

    /** {@code Strict}, {@code Lax}, {@code None} or {@code null} for no attribute. */
    public String sameSite() {
        return sameSite;
    }

    public boolean secure() {
        return secure;
    }

    /** {@code null}: a session cookie. */
    public Duration maxAge() {
        return maxAge;
    }

    /** The {@code Set-Cookie} header value for a session id. */
    public String headerValue(String sid) {
        StringBuilder sb = new StringBuilder(name).append('=').append(sid);
        if (path != null) {
            sb.append("; Path=").append(path);
        }
        if (maxAge != null) {
            sb.append("; Max-Age=").append(maxAge.toSeconds());
        }
        if (httpOnly) {
            sb.append("; HttpOnly");
        }
        if (secure) {
            sb.append("; Secure");
        }
        if (sameSite != null) {
            sb.append("; SameSite=").append(sameSite);
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return "CookieOptions{" + headerValue("<sid>") + '}';
    }

    public static final class Builder {
        private String name = "io";
        private String path = "/";
        private boolean httpOnly = true;
        private String sameSite = "Lax";
        private boolean secure;
        private Duration maxAge;

        private Builder() {
        }

        public Builder name(String name) {
            this.name = Objects.requireNonNull(name, "name");
            return this;
        }

        public Builder path(String path) {
            this.path = path;
            return this;
        }

        public Builder httpOnly(boolean httpOnly) {
            this.httpOnly = httpOnly;
            return this;
        }

        public Builder sameSite(String sameSite) {
            this.sameSite = sameSite;
            return this;
        }

        public Builder secure(boolean secure) {
            this.secure = secure;
            return this;
        }

        public Builder maxAge(Duration maxAge) {
            this.maxAge = maxAge;
            return this;
        }

        public CookieOptions build() {
            return new CookieOptions(this);
        }
    }
}
