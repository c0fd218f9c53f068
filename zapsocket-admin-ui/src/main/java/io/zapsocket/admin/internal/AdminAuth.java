package io.zapsocket.admin.internal;

import io.zapsocket.server.Middleware;
import io.zapsocket.server.ServerSocket;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.crypto.bcrypt.BCrypt;

/**
 * The admin namespace's middleware, as the Node package's: a known {@code auth.sessionId} passes; otherwise
 * {@code auth.username} and {@code auth.password} are checked against the bcrypt hash (off the event loop: bcrypt
 * is slow on purpose), and a new session id is handed to {@code onLogin}, which sends it to the UI with the
 * {@code session} event once the socket is connected. A refusal is {@code CONNECT_ERROR "invalid credentials"}.
 */
public final class AdminAuth implements Middleware {
    private static final Logger log = LoggerFactory.getLogger(AdminAuth.class);

    private final String username;
    private final String hash;
    private final AdminSessions sessions;
    private final Executor slowWork;
    private final java.util.function.BiConsumer<ServerSocket, String> onLogin;

    public AdminAuth(String username, String hash, AdminSessions sessions, Executor slowWork,
            java.util.function.BiConsumer<ServerSocket, String> onLogin) {
        this.username = username;
        this.hash = hash;
        this.sessions = sessions;
        this.slowWork = slowWork;
        this.onLogin = onLogin;
    }

    @Override
    public void handle(ServerSocket socket, Next next) {
        Map<String, Object> auth = socket.handshake().auth();
        if (sessions.valid(auth.get("sessionId"))) {
            next.proceed();
            return;
        }
        Object user = auth.get("username");
        Object password = auth.get("password");
        if (!username.equals(user) || !(password instanceof String p) || p.length() > 1024) {
            refuse(socket, next);
            return;
        }
        CompletableFuture.supplyAsync(() -> {
            try {
                return BCrypt.checkpw(p, hash);
            } catch (IllegalArgumentException e) {
                return false;
            }
        }, slowWork).whenComplete((ok, err) -> {
            if (Boolean.TRUE.equals(ok)) {
                onLogin.accept(socket, sessions.create());
                next.proceed();
            } else {
                refuse(socket, next);
            }
        });
    }

    private static void refuse(ServerSocket socket, Next next) {
        log.info("admin UI: invalid credentials from {}", socket.handshake().address());
        next.fail("invalid credentials");
    }
}
