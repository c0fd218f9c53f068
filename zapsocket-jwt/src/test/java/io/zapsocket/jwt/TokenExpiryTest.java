package io.zapsocket.jwt;

import com.nimbusds.jose.jwk.RSAKey;
import io.zapsocket.client.ClientSocket;
import io.zapsocket.client.TokenRefresher;
import io.zapsocket.protocol.Args;
import io.zapsocket.protocol.DisconnectReason;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.zapsocket.jwt.TestTokens.claims;
import static org.assertj.core.api.Assertions.assertThat;

/** Expiry on live connections: the refresh request, the client's new token, the grace-period disconnect. */
class TokenExpiryTest {
    private static final RSAKey KEY = TestTokens.rsa("k1");

    private JwtFixture f;

    @AfterEach
    void tearDown() {
        if (f != null) {
            f.close();
        }
    }

    private void start(Duration grace) {
        f = new JwtFixture(JwtOptions.builder().publicKey("k1", JwtFixture.rsaPublic(KEY)).gracePeriod(grace)
                .clockSkew(Duration.ZERO));
    }

    private static String token(String sub, Duration ttl) {
        return TestTokens.rs256(KEY, claims(sub, ttl));
    }

    @Test
    void withoutANewTokenTheSocketIsToldAndDisconnectedAfterTheGracePeriod() {
        start(Duration.ofMillis(1500));
        String first = token("alice", Duration.ofSeconds(2));
        ClientSocket s = f.socket(() -> Map.of("token", first), b -> { });
        List<String> events = new CopyOnWriteArrayList<>();
        CompletableFuture<DisconnectReason> disconnected = new CompletableFuture<>();
        s.on(JwtAuth.EXPIRING_EVENT, (args, ack) -> events.add("expiring " + args.get(0)));
        s.on(JwtAuth.EXPIRED_EVENT, (args, ack) -> events.add("expired " + args.get(0)));
        s.onDisconnect(disconnected::complete);
        assertThat(JwtFixture.connect(s)).isEqualTo("connected");
        long exp = f.identities.get(0).expiresAt().getEpochSecond();

        assertThat(disconnected.orTimeout(10, TimeUnit.SECONDS).join()).isEqualTo(DisconnectReason.IO_SERVER_DISCONNECT);
        long now = System.currentTimeMillis();
        assertThat(now).isGreaterThanOrEqualTo(exp * 1000 + 1500);
        assertThat(events).containsExactly(
                "expiring {exp=" + exp + ", graceMs=1500}",
                "expired {error=token expired, code=token_expired}");
        assertThat(f.sockets.get(0).connected()).isFalse();
    }

    @Test
    void theJavaClientsTokenRefresherKeepsTheConnection() throws Exception {
        start(Duration.ofSeconds(2));
        AtomicInteger issued = new AtomicInteger();
        TokenRefresher tokens = TokenRefresher.of(() -> {
            issued.incrementAndGet();
            return token("alice", Duration.ofSeconds(2));
        });
        ClientSocket s = tokens.install(f.socket(tokens.auth(), b -> { }));
        CompletableFuture<DisconnectReason> disconnected = new CompletableFuture<>();
        s.onDisconnect(disconnected::complete);
        assertThat(JwtFixture.connect(s)).isEqualTo("connected");
        long firstExp = f.identities.get(0).expiresAt().getEpochSecond();

        // two expiries pass (token 2 s + grace 2 s each time): the refresher answers every request
        Thread.sleep(5500);

        assertThat(disconnected).isNotDone();
        assertThat(issued.get()).isGreaterThanOrEqualTo(3); // handshake + at least two refreshes
        Args whoami = s.emitWithAck("whoami").orTimeout(5, TimeUnit.SECONDS).join();
        assertThat(whoami.get(0)).isEqualTo("alice");
        assertThat(((Number) whoami.get(1)).longValue()).isGreaterThan(firstExp);
    }

    @Test
    void aRefreshWithAnInvalidTokenOrAnotherSubjectIsRefusedAndTheOldDeadlineStays() {
        start(Duration.ofMillis(500));
        String first = token("alice", Duration.ofSeconds(2));
        ClientSocket s = f.socket(() -> Map.of("token", first), b -> { });
        CompletableFuture<DisconnectReason> disconnected = new CompletableFuture<>();
        s.onDisconnect(disconnected::complete);
        assertThat(JwtFixture.connect(s)).isEqualTo("connected");

        Args forged = s.emitWithAck(JwtAuth.REFRESH_EVENT, Map.of("token",
                TestTokens.rs256(TestTokens.rsa("k1"), claims("alice", Duration.ofMinutes(5)))))
                .orTimeout(5, TimeUnit.SECONDS).join();
        Args other = s.emitWithAck(JwtAuth.REFRESH_EVENT, token("mallory", Duration.ofMinutes(5)))
                .orTimeout(5, TimeUnit.SECONDS).join();

        assertThat(forged.get(0)).isEqualTo(Map.of("error", "invalid token", "code", "invalid_token",
                "message", "signature does not verify"));
        assertThat(other.get(0)).isEqualTo(Map.of("error", "invalid token", "code", "invalid_token",
                "message", "the new token names another subject"));
        assertThat(disconnected.orTimeout(10, TimeUnit.SECONDS).join())
                .isEqualTo(DisconnectReason.IO_SERVER_DISCONNECT);
        assertThat(JwtIdentity.of(f.sockets.get(0)).subject()).isEqualTo("alice");
    }

    @Test
    void aValidRefreshIsAcknowledgedWithTheNewExpiry() {
        start(Duration.ofSeconds(30));
        ClientSocket s = f.socket(() -> Map.of("token", token("alice", Duration.ofMinutes(1))), b -> { });
        assertThat(JwtFixture.connect(s)).isEqualTo("connected");
        String renewed = token("alice", Duration.ofMinutes(10));

        Args answer = s.emitWithAck(JwtAuth.REFRESH_EVENT, Map.of("token", renewed))
                .orTimeout(5, TimeUnit.SECONDS).join();

        long exp = JwtIdentity.of(f.sockets.get(0)).expiresAt().getEpochSecond();
        Map<?, ?> m = (Map<?, ?>) answer.get(0);
        assertThat(m.get("ok")).isEqualTo(true);
        assertThat(((Number) m.get("exp")).longValue()).isEqualTo(exp);
        assertThat(exp).isGreaterThan(System.currentTimeMillis() / 1000 + 500);
    }
}
