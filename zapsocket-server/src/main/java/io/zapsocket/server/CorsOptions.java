package io.zapsocket.server;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Cross-origin resource sharing for the HTTP long-polling transport (mirrors the options of the {@code cors}
 * package that Node Socket.IO uses). A preflight {@code OPTIONS} request is answered {@code 204}.
 *
 * <p>Immutable; build with {@link #builder()}.
 *
 * @since 0.1
 */
public final class CorsOptions {
    /** Allow every origin ({@code Access-Control-Allow-Origin: *}, or the request's origin with credentials). */
    public static final CorsOptions ANY_ORIGIN = builder().anyOrigin().build();

    private final List<String> origins;
    private final boolean anyOrigin;
    private final boolean credentials;
    private final List<String> methods;
    private final List<String> allowedHeaders;
    private final List<String> exposedHeaders;
    private final Duration maxAge;

    private CorsOptions(Builder b) {
        this.origins = List.copyOf(b.origins);
        this.anyOrigin = b.anyOrigin;
        this.credentials = b.credentials;
        this.methods = List.copyOf(b.methods);
        this.allowedHeaders = b.allowedHeaders == null ? null : List.copyOf(b.allowedHeaders);
        this.exposedHeaders = List.copyOf(b.exposedHeaders);
        this.maxAge = b.maxAge;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Explicitly allowed origins (e.g. {@code https://example.com}); empty when {@link #anyOrigin()}. */
    public List<String> origins() {
        return origins;
    }

    public boolean anyOrigin() {
        return anyOrigin;
    }

    /** Whether {@code Access-Control-Allow-Credentials: true} is sent (default {@code false}). */
    public boolean credentials() {
        return credentials;
    }

    /** Allowed methods (default {@code GET,HEAD,PUT,PATCH,POST,DELETE}). */
    public List<String> methods() {
        return methods;
    }

    /** Allowed request headers; {@code null} (default) reflects {@code Access-Control-Request-Headers}. */
    public List<String> allowedHeaders() {
        return allowedHeaders;
    }

    public List<String> exposedHeaders() {
        return exposedHeaders;
    }

    /** Preflight cache duration; {@code null} (default) sends no {@code Access-Control-Max-Age}. */
    public Duration maxAge() {
        return maxAge;
    }

    /** Whether a request from {@code origin} is allowed. */
    public boolean allows(String origin) {
        return anyOrigin || (origin != null && origins.contains(origin));
    }

    @Override
    public String toString() {
        return "CorsOptions{origins=" + (anyOrigin ? "*" : origins) + ", credentials=" + credentials + '}';
    }

    public static final class Builder {
        private List<String> origins = List.of();
        private boolean anyOrigin;
        private boolean credentials;
        private List<String> methods = List.of("GET", "HEAD", "PUT", "PATCH", "POST", "DELETE");
        private List<String> allowedHeaders;
        private List<String> exposedHeaders = List.of();
        private Duration maxAge;

        private Builder() {
        }

        public Builder anyOrigin() {
            this.anyOrigin = true;
            this.origins = List.of();
            return this;
        }

        public Builder origins(String... origins) {
            this.anyOrigin = false;
            this.origins = List.of(origins);
            return this;
        }

        public Builder credentials(boolean credentials) {
            this.credentials = credentials;
            return this;
        }

        public Builder methods(String... methods) {
            this.methods = List.of(methods);
            return this;
        }

        public Builder allowedHeaders(String... headers) {
            this.allowedHeaders = List.of(headers);
            return this;
        }

        public Builder exposedHeaders(String... headers) {
            this.exposedHeaders = List.of(headers);
            return this;
        }

        public Builder maxAge(Duration maxAge) {
            this.maxAge = Objects.requireNonNull(maxAge, "maxAge");
            return this;
        }

        public CorsOptions build() {
            return new CorsOptions(this);
        }
    }
}
