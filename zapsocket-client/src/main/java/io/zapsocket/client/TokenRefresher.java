package io.zapsocket.client;

import io.zapsocket.protocol.Args;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client side of a server's JWT authentication ({@code io.zapsocket.jwt.JwtAuth} of module zapsocket-jwt): a
 * token supplier used for the handshake and asked again when the server says the token is expiring.
 *
 * <pre>{@code
 * TokenRefresher tokens = TokenRefresher.of(() -> identityProvider.freshToken());
 * SocketClient client = SocketClient.create("https://chat.example", ClientOptions.builder()
 *         .auth(tokens.auth())      // {"token": <jwt>} on every (re)connect
 *         .build());
 * ClientSocket socket = tokens.install(client.socket("/"));
 * }</pre>
 *
 * <p>When the server emits {@value #EXPIRING_EVENT}, the supplier is called (off the client's I/O thread, it may
 * block) and the new token is emitted as {@value #REFRESH_EVENT} {@code {"token":<jwt>}} with an acknowledgement;
 * {@link #refresh(ClientSocket)} does the same on demand. When no valid token arrives in time the server emits
 * {@value #EXPIRED_EVENT} and disconnects the socket ({@code io server disconnect}).
 *
 * @since 0.1
 */
public final class TokenRefresher {
    /** Server → client: send a new token. */
    public static final String EXPIRING_EVENT = "zap:token-expiring";
    /** Client → server: the new token. */
    public static final String REFRESH_EVENT = "zap:token-refresh";
    /** Server → client: no valid token arrived in the grace period; the socket is being disconnected. */
    public static final String EXPIRED_EVENT = "zap:token-expired";

    private static final Logger log = LoggerFactory.getLogger(TokenRefresher.class);
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(10);

    private final Supplier<String> tokens;

    private TokenRefresher(Supplier<String> tokens) {
        this.tokens = tokens;
    }

    /** @param tokens gives a currently valid token each time it is called (it may block to fetch one) */
    public static TokenRefresher of(Supplier<String> tokens) {
        return new TokenRefresher(Objects.requireNonNull(tokens, "tokens"));
    }

    /** The auth payload supplier for {@link ClientOptions.Builder#auth(Supplier)}: {@code {"token": <jwt>}}. */
    public Supplier<Map<String, Object>> auth() {
        return () -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("token", tokens.get());
            return m;
        };
    }

    /** Answers {@value #EXPIRING_EVENT} on {@code socket} with a new token; returns the socket. */
    public ClientSocket install(ClientSocket socket) {
        socket.on(EXPIRING_EVENT, (args, ack) -> refresh(socket).whenComplete((answer, error) -> {
            if (error != null) {
                log.warn("socket {}: token refresh failed: {}", socket.id(), error.toString());
            } else if (answer.get(0) instanceof Map<?, ?> m && m.get("error") != null) {
                log.warn("socket {}: the server refused the new token: {}", socket.id(), m);
            }
        }));
        return socket;
    }

    /**
     * Sends a new token now.
     *
     * @return the server's answer: {@code {"ok":true,"exp":<epoch s>}} or {@code {"error":"invalid token",…}}
     */
    public CompletableFuture<Args> refresh(ClientSocket socket) {
        return CompletableFuture.supplyAsync(tokens).thenCompose(token -> {
            Map<String, Object> payload = new LinkedHashMap<>();
            payload.put("token", token);
            return socket.timeout(ACK_TIMEOUT).emitWithAck(REFRESH_EVENT, payload);
        });
    }
}
