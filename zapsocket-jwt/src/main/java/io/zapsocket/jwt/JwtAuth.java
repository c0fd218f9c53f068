package io.zapsocket.jwt;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import io.zapsocket.jwt.internal.LiveToken;
import io.zapsocket.jwt.internal.TokenRejectedException;
import io.zapsocket.jwt.internal.TokenSources;
import io.zapsocket.jwt.internal.TokenVerifier;
import io.zapsocket.protocol.Ack;
import io.zapsocket.server.Middleware;
import io.zapsocket.server.ServerSocket;
import java.net.MalformedURLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connection middleware that authenticates sockets with a JWT, and keeps them authenticated while they stay
 * connected.
 *
 * <pre>{@code
 * JwtAuth jwt = JwtAuth.create(JwtOptions.builder()
 *         .jwksUrl(URI.create("https://idp.example/.well-known/jwks.json"))
 *         .issuer("https://idp.example/").audience("chat")
 *         .build());
 * server.use(jwt);
 * server.onConnection(socket -> {
 *     JwtIdentity who = JwtIdentity.of(socket);   // the verified claims
 *     socket.join("user:" + who.subject());
 * });
 * }</pre>
 *
 * <p><b>At connection</b> the token is read from the handshake (auth payload field, header, cookie; see
 * {@link JwtOptions}) and verified on this authenticator's threads (a JWKS fetch blocks, never an event loop). A
 * refused connection gets a CONNECT_ERROR with the message {@value #CONNECT_ERROR_MESSAGE} and the data
 * {@code {"code":<code>,"message":<detail>}}, where code is {@code missing_token}, {@code invalid_token} (malformed,
 * unsigned {@code alg:none}, algorithm not accepted, bad signature, wrong {@code iss}/{@code aud}, not yet valid),
 * {@code token_expired}, {@code unknown_key} (no key for the {@code kid}, also after a rate-limited JWKS refresh)
 * or {@code keys_unavailable} (the JWK Set could not be fetched). An accepted socket gets its {@link JwtIdentity}
 * in {@code data()} under {@link #IDENTITY_KEY}.
 *
 * <p><b>On a live connection</b>, at {@code exp - refreshAhead} the server emits {@value #EXPIRING_EVENT} with
 * {@code {"exp":<epoch s>,"graceMs":<ms>}}. The client answers by emitting {@value #REFRESH_EVENT} with
 * {@code {"token":<jwt>}} (or the token string) and an acknowledgement, answered {@code {"ok":true,"exp":<epoch s>}}
 * or {@code {"error":"invalid token","code":<code>,"message":<detail>}}; a new token must name the same {@code sub}.
 * A client may also refresh at any time before. If no valid token arrives by {@code exp + gracePeriod}, the
 * server emits {@value #EXPIRED_EVENT} with {@code {"error":"token expired","code":"token_expired"}} and
 * disconnects the socket from its namespace (the client sees {@code io server disconnect} and does not reconnect
 * by itself). The Java client's {@code io.zapsocket.client.TokenRefresher} implements the client side.
 *
 * <p>Thread-safe. {@link #close()} stops its threads (after the server is closed).
 *
 * @since 0.1
 */
public final class JwtAuth implements Middleware, AutoCloseable {
    /** The key of the socket's {@link JwtIdentity} in {@link ServerSocket#data()}. */
    public static final String IDENTITY_KEY = "zap:jwt";
    /** Server → client: the token expires soon (or has expired); send a new one. */
    public static final String EXPIRING_EVENT = "zap:token-expiring";
    /** Client → server: a new token, with an acknowledgement. */
    public static final String REFRESH_EVENT = "zap:token-refresh";
    /** Server → client, just before the socket is disconnected: no valid token arrived in the grace period. */
    public static final String EXPIRED_EVENT = "zap:token-expired";
    /** The message of the CONNECT_ERROR of a refused connection. */
    public static final String CONNECT_ERROR_MESSAGE = "unauthorized";

    private static final Logger log = LoggerFactory.getLogger(JwtAuth.class);
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final JwtOptions options;
    private final TokenVerifier verifier;
    private final TokenSources sources;
    private final ScheduledThreadPoolExecutor threads;

    private JwtAuth(JwtOptions options) {
        this.options = options;
        this.verifier = new TokenVerifier(keySource(options), algorithms(options), claimsVerifier(options));
        this.sources = new TokenSources(options.authField(), options.header(), options.cookie());
        int instance = INSTANCES.incrementAndGet();
        AtomicInteger n = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, "zapsocket-jwt-" + instance + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        this.threads = new ScheduledThreadPoolExecutor(options.threads(), factory);
        this.threads.setRemoveOnCancelPolicy(true);
    }

    /** An authenticator with its own threads ({@link JwtOptions#threads()}). */
    public static JwtAuth create(JwtOptions options) {
        return new JwtAuth(Objects.requireNonNull(options, "options"));
    }

    public JwtOptions options() {
        return options;
    }

    @Override
    public void handle(ServerSocket socket, Next next) {
        String token = sources.tokenOf(socket.handshake());
        if (token == null) {
            refuse(socket, next, new TokenRejectedException(TokenVerifier.MISSING, "no token"));
            return;
        }
        threads.execute(() -> authenticate(socket, token, next));
    }

    private void authenticate(ServerSocket socket, String token, Next next) {
        JwtIdentity identity;
        try {
            identity = new JwtIdentity(verifier.verify(token));
        } catch (TokenRejectedException e) {
            refuse(socket, next, e);
            return;
        } catch (RuntimeException e) {
            log.warn("socket {}: token verification failed", socket.id(), e);
            refuse(socket, next, new TokenRejectedException(TokenVerifier.INVALID, "verification failed"));
            return;
        }
        socket.data().put(IDENTITY_KEY, identity);
        if (identity.subject() != null) {
            socket.data().putIfAbsent(io.zapsocket.server.LogContext.USER_ID_DATA_KEY, identity.subject()); // logs
        }
        LiveToken live = new LiveToken(socket, threads, options.refreshAhead(), options.gracePeriod(),
                EXPIRING_EVENT, EXPIRED_EVENT);
        socket.on(REFRESH_EVENT, (args, ack) -> {
            Object arg = args.get(0);
            threads.execute(() -> refresh(socket, live, arg, ack));
        });
        socket.closeFuture().whenComplete((reason, error) -> live.close());
        live.renew(identity.expiresAt());
        next.proceed();
    }

    private void refresh(ServerSocket socket, LiveToken live, Object arg, Ack ack) {
        String token = arg instanceof String s ? s
                : arg instanceof Map<?, ?> m && m.get("token") instanceof String s ? s : null;
        Map<String, Object> answer = new LinkedHashMap<>();
        try {
            JwtIdentity renewed = new JwtIdentity(verifier.verify(token));
            JwtIdentity current = JwtIdentity.of(socket);
            if (current != null && !Objects.equals(current.subject(), renewed.subject())) {
                throw new TokenRejectedException(TokenVerifier.INVALID, "the new token names another subject");
            }
            socket.data().put(IDENTITY_KEY, renewed);
            live.renew(renewed.expiresAt());
            log.debug("socket {}: token refreshed, expires at {}", socket.id(), renewed.expiresAt());
            answer.put("ok", true);
            answer.put("exp", renewed.expiresAt() == null ? null : renewed.expiresAt().getEpochSecond());
        } catch (TokenRejectedException e) {
            log.debug("socket {}: refresh token refused: {} ({})", socket.id(), e.code(), e.getMessage());
            answer.put("error", "invalid token");
            answer.put("code", e.code());
            answer.put("message", e.getMessage());
        }
        ack.send(answer);
    }

    private static void refuse(ServerSocket socket, Next next, TokenRejectedException e) {
        if (TokenVerifier.KEYS_UNAVAILABLE.equals(e.code())) {
            log.warn("socket {}: connection refused, {}", socket.id(), e.getMessage(), e.getCause());
        } else {
            log.debug("socket {}: connection refused: {} ({})", socket.id(), e.code(), e.getMessage());
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("code", e.code());
        data.put("message", e.getMessage());
        next.fail(CONNECT_ERROR_MESSAGE, data);
    }

    /** Stops the verification and timer threads; sockets already connected keep their identity. */
    @Override
    public void close() {
        threads.shutdownNow();
    }

    private static JWKSource<SecurityContext> keySource(JwtOptions o) {
        JWKSource<SecurityContext> fixed = o.keys().isEmpty() ? null : new ImmutableJWKSet<>(new JWKSet(o.keys()));
        if (o.jwksUrl() == null) {
            return fixed;
        }
        int timeout = (int) o.jwksTimeout().toMillis();
        JWKSource<SecurityContext> remote;
        try {
            remote = JWKSourceBuilder.<SecurityContext>create(o.jwksUrl().toURL(),
                            new DefaultResourceRetriever(timeout, timeout, o.jwksMaxBytes()))
                    .cache(o.jwksCacheTtl().toMillis(), timeout)
                    .rateLimited(o.jwksMinRefreshInterval().toMillis())
                    .refreshAheadCache(false)
                    .retrying(false)
                    .outageTolerant(false)
                    .build();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("jwksUrl: " + e.getMessage(), e);
        }
        if (fixed == null) {
            return remote;
        }
        return (selector, ctx) -> {
            List<JWK> found = fixed.get(selector, ctx);
            return found.isEmpty() ? remote.get(selector, ctx) : new ArrayList<>(found);
        };
    }

    private static Set<JWSAlgorithm> algorithms(JwtOptions o) {
        Set<JWSAlgorithm> set = new HashSet<>();
        for (String a : o.algorithms()) {
            set.add(JWSAlgorithm.parse(a));
        }
        return set;
    }

    private static DefaultJWTClaimsVerifier<SecurityContext> claimsVerifier(JwtOptions o) {
        JWTClaimsSet exact = o.issuer() == null ? new JWTClaimsSet.Builder().build()
                : new JWTClaimsSet.Builder().issuer(o.issuer()).build();
        Set<String> required = o.requireExpiry() ? Set.of("exp") : Set.of();
        DefaultJWTClaimsVerifier<SecurityContext> v = new DefaultJWTClaimsVerifier<>(
                o.audience().isEmpty() ? null : o.audience(), exact, required, null);
        v.setMaxClockSkew((int) o.clockSkew().toSeconds());
        return v;
    }
}
