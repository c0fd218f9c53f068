package io.zapsocket.admin;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How the Admin UI is served. Immutable; {@link #builder()} then {@code basicAuth(...)} or, explicitly,
 * {@code noAuth()} (as the Node package, it refuses to guess).
 *
 * <table>
 *   <caption>Options</caption>
 *   <tr><th>option</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@code basicAuth(username, bcryptHash)} / {@code noAuth()}</td><td>(required)</td><td>the UI's login;
 *       the password is given as a bcrypt hash ({@code $2a$}, {@code $2b$}, {@code $2y$}), never in clear</td></tr>
 *   <tr><td>{@code namespace}</td><td>{@code /admin}</td><td>the admin namespace</td></tr>
 *   <tr><td>{@code readonly}</td><td>{@code false}</td><td>no operations (emit, join, leave, disconnect) from the
 *       UI</td></tr>
 *   <tr><td>{@code serverId}</td><td>the host name</td><td>this node's name in the UI</td></tr>
 *   <tr><td>{@code mode}</td><td>{@code DEVELOPMENT}</td><td>{@code PRODUCTION} sends only aggregated figures, not
 *       every socket and event</td></tr>
 *   <tr><td>{@code statsInterval}</td><td>2 s</td><td>how often each node sends its figures</td></tr>
 *   <tr><td>{@code sessionTtl} / {@code maxSessions}</td><td>24 h / 1 000</td><td>logins remembered (the UI
 *       reconnects with its session id)</td></tr>
 * </table>
 *
 * @since 0.1.0
 */
public final class AdminUiOptions {
    private static final Pattern BCRYPT = Pattern.compile("^\\$2[aby]?\\$\\d\\d\\$[./A-Za-z0-9]{53}$");

    /** What the UI sends: every socket and event, or only aggregated figures. */
    public enum Mode { DEVELOPMENT, PRODUCTION }

    private final String username;
    private final String passwordHash;
    private final String namespace;
    private final boolean readonly;
    private final String serverId;
    private final Mode mode;
    private final Duration statsInterval;
    private final Duration sessionTtl;
    private final int maxSessions;

    private AdminUiOptions(Builder b) {
        this.username = b.username;
        this.passwordHash = b.passwordHash;
        this.namespace = b.namespace;
        this.readonly = b.readonly;
        this.serverId = b.serverId;
        this.mode = b.mode;
        this.statsInterval = b.statsInterval;
        this.sessionTtl = b.sessionTtl;
        this.maxSessions = b.maxSessions;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The login name, or {@code null} without authentication. */
    public String username() {
        return username;
    }

    /** The bcrypt hash of the password, or {@code null} without authentication. */
    public String passwordHash() {
        return passwordHash;
    }

    public boolean authenticated() {
        return username != null;
    }

    public String namespace() {
        return namespace;
    }

    public boolean readonly() {
        return readonly;
    }

    /** This node's id, or {@code null} for the host name. */
    public String serverId() {
        return serverId;
    }

    public Mode mode() {
        return mode;
    }

    public Duration statsInterval() {
        return statsInterval;
    }

    public Duration sessionTtl() {
        return sessionTtl;
    }

    public int maxSessions() {
        return maxSessions;
    }

    @Override
    public String toString() {
        return "AdminUiOptions{namespace=" + namespace + ", auth=" + (authenticated() ? "basic (" + username + ")" : "none")
                + ", readonly=" + readonly + ", serverId=" + serverId + ", mode=" + mode + '}';
    }

    public static final class Builder {
        private boolean authChosen;
        private String username;
        private String passwordHash;
        private String namespace = "/admin";
        private boolean readonly;
        private String serverId;
        private Mode mode = Mode.DEVELOPMENT;
        private Duration statsInterval = Duration.ofSeconds(2);
        private Duration sessionTtl = Duration.ofHours(24);
        private int maxSessions = 1000;

        private Builder() {
        }

        /**
         * The UI logs in with {@code username} and a password whose bcrypt hash is {@code bcryptHash} (e.g. from
         * {@code htpasswd -nbBC 10 "" secret} or bcryptjs).
         *
         * @throws IllegalArgumentException when the hash is not a bcrypt hash
         */
        public Builder basicAuth(String username, String bcryptHash) {
            Objects.requireNonNull(username, "username");
            Objects.requireNonNull(bcryptHash, "bcryptHash");
            if (!BCRYPT.matcher(bcryptHash).matches()) {
                throw new IllegalArgumentException("the password must be given as a bcrypt hash ($2a$/$2b$/$2y$)");
            }
            this.username = username;
            this.passwordHash = bcryptHash;
            this.authChosen = true;
            return this;
        }

        /** No login: anyone who reaches the admin namespace sees and controls everything. Use with care. */
        public Builder noAuth() {
            this.username = null;
            this.passwordHash = null;
            this.authChosen = true;
            return this;
        }

        public Builder namespace(String namespace) {
            Objects.requireNonNull(namespace, "namespace");
            this.namespace = namespace.startsWith("/") ? namespace : "/" + namespace;
            return this;
        }

        public Builder readonly(boolean readonly) {
            this.readonly = readonly;
            return this;
        }

        public Builder serverId(String serverId) {
            this.serverId = serverId;
            return this;
        }

        public Builder mode(Mode mode) {
            this.mode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        public Builder statsInterval(Duration interval) {
            this.statsInterval = positive(interval, "statsInterval");
            return this;
        }

        public Builder sessionTtl(Duration ttl) {
            this.sessionTtl = positive(ttl, "sessionTtl");
            return this;
        }

        public Builder maxSessions(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("maxSessions must be >= 1: " + max);
            }
            this.maxSessions = max;
            return this;
        }

        /** @throws IllegalStateException unless {@code basicAuth} or {@code noAuth} was chosen */
        public AdminUiOptions build() {
            if (!authChosen) {
                throw new IllegalStateException("choose basicAuth(username, bcryptHash) or, explicitly, noAuth()");
            }
            return new AdminUiOptions(this);
        }

        private static Duration positive(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive: " + d);
            }
            return d;
        }
    }
}
