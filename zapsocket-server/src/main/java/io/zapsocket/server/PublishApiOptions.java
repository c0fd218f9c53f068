package io.zapsocket.server;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The HTTP publish API: {@code POST} endpoints that emit to rooms and namespaces from any HTTP client (a backend in
 * another language, a cron job, {@code curl}), on any node of a cluster. Off unless {@link ServerOptions#publishApi()}
 * is set, and then only for requests carrying one of the {@link #apiKeys() API keys}. Immutable.
 *
 * <pre>{@code
 * ServerOptions.builder()
 *     .publishApi(PublishApiOptions.builder().apiKeys(System.getenv("ZAP_PUBLISH_KEY")).build())
 *     .build();
 * }</pre>
 *
 * <table>
 *   <caption>Options</caption>
 *   <tr><th>option</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@code path}</td><td>{@code /zap/publish}</td><td>{@code POST path} emits one message,
 *       {@code POST path/batch} a JSON array of them</td></tr>
 *   <tr><td>{@code apiKeys}</td><td>(required)</td><td>secrets accepted in {@code Authorization: Bearer <key>} or
 *       {@code X-Api-Key: <key>}, compared in constant time; at least 16 characters each</td></tr>
 *   <tr><td>{@code namespaces}</td><td>any</td><td>the namespaces the keys may publish to; others get 403</td></tr>
 *   <tr><td>{@code rateLimit}</td><td>100/s, burst 200</td><td>requests per key (a batch counts once); beyond:
 *       429 with {@code Retry-After}; {@code null} turns it off</td></tr>
 *   <tr><td>{@code maxBodyBytes}</td><td>1 000 000</td><td>larger bodies get 413</td></tr>
 *   <tr><td>{@code maxBatchSize}</td><td>100</td><td>messages in one batch; more get 400</td></tr>
 *   <tr><td>{@code maxRoomsPerMessage}</td><td>1 000</td><td>{@code rooms} + {@code except} of one message; more get
 *       400</td></tr>
 * </table>
 *
 * @since 0.1.0
 */
public final class PublishApiOptions {
    /** Shortest API key accepted: a guessable key would make the endpoint public. */
    public static final int MIN_KEY_LENGTH = 16;

    private final String path;
    private final List<String> apiKeys;
    private final Set<String> namespaces;
    private final RateLimit rateLimit;
    private final int maxBodyBytes;
    private final int maxBatchSize;
    private final int maxRoomsPerMessage;

    private PublishApiOptions(Builder b) {
        this.path = b.path;
        this.apiKeys = b.apiKeys;
        this.namespaces = b.namespaces;
        this.rateLimit = b.rateLimit;
        this.maxBodyBytes = b.maxBodyBytes;
        this.maxBatchSize = b.maxBatchSize;
        this.maxRoomsPerMessage = b.maxRoomsPerMessage;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.path = path;
        b.apiKeys = apiKeys;
        b.namespaces = namespaces;
        b.rateLimit = rateLimit;
        b.maxBodyBytes = maxBodyBytes;
        b.maxBatchSize = maxBatchSize;
        b.maxRoomsPerMessage = maxRoomsPerMessage;
        return b;
    }

    /** The endpoint path (no trailing slash); {@code path + "/batch"} takes batches. */
    public String path() {
        return path;
    }

    /** The accepted keys. */
    public List<String> apiKeys() {
        return apiKeys;
    }

    /** The namespaces the keys may publish to; empty means any existing namespace. */
    public Set<String> namespaces() {
        return namespaces;
    }

    /** Requests per key, or {@code null} for no limit. */
    public RateLimit rateLimit() {
        return rateLimit;
    }

    public int maxBodyBytes() {
        return maxBodyBytes;
    }

    public int maxBatchSize() {
        return maxBatchSize;
    }

    public int maxRoomsPerMessage() {
        return maxRoomsPerMessage;
    }

    @Override
    public String toString() {
        return "PublishApiOptions{path=" + path + ", apiKeys=" + apiKeys.size() + " (redacted), namespaces="
                + (namespaces.isEmpty() ? "any" : namespaces) + ", rateLimit=" + rateLimit + ", maxBodyBytes="
                + maxBodyBytes + ", maxBatchSize=" + maxBatchSize + ", maxRoomsPerMessage=" + maxRoomsPerMessage + '}';
    }

    public static final class Builder {
        private String path = "/zap/publish";
        private List<String> apiKeys = List.of();
        private Set<String> namespaces = Set.of();
        private RateLimit rateLimit = RateLimit.of(100, Duration.ofSeconds(1)).withBurst(200);
        private int maxBodyBytes = 1_000_000;
        private int maxBatchSize = 100;
        private int maxRoomsPerMessage = 1000;

        private Builder() {
        }

        /** An absolute path, e.g. {@code /api/publish}; a trailing slash is dropped. */
        public Builder path(String path) {
            this.path = EndpointPath.normalize(path, "/zap/publish");
            return this;
        }

        /** The accepted keys (replaces earlier ones), each at least {@link #MIN_KEY_LENGTH} characters. */
        public Builder apiKeys(String... keys) {
            for (String k : keys) {
                Objects.requireNonNull(k, "api key");
                if (k.length() < MIN_KEY_LENGTH) {
                    throw new IllegalArgumentException("an API key must have at least " + MIN_KEY_LENGTH
                            + " characters");
                }
            }
            this.apiKeys = List.of(keys);
            return this;
        }

        /** Restricts publishing to these namespaces ({@code "/"}, {@code "/chat"}); none given: any. */
        public Builder namespaces(String... namespaces) {
            this.namespaces = Set.of(namespaces);
            return this;
        }

        public Builder rateLimit(RateLimit rateLimit) {
            this.rateLimit = rateLimit;
            return this;
        }

        public Builder maxBodyBytes(int max) {
            this.maxBodyBytes = positive(max, "maxBodyBytes");
            return this;
        }

        public Builder maxBatchSize(int max) {
            this.maxBatchSize = positive(max, "maxBatchSize");
            return this;
        }

        public Builder maxRoomsPerMessage(int max) {
            this.maxRoomsPerMessage = positive(max, "maxRoomsPerMessage");
            return this;
        }

        /** @throws IllegalStateException without an API key */
        public PublishApiOptions build() {
            if (apiKeys.isEmpty()) {
                throw new IllegalStateException("the publish API needs at least one API key");
            }
            return new PublishApiOptions(this);
        }

        private static int positive(int v, String name) {
            if (v < 1) {
                throw new IllegalArgumentException(name + " must be >= 1: " + v);
            }
            return v;
        }
    }
}
