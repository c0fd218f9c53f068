package io.zapsocket.server.internal.sio;

import static org.assertj.core.api.Assertions.assertThat;

import io.zapsocket.server.LogContext;
import io.zapsocket.server.ServerOptions;
import io.zapsocket.server.SocketServer;
import io.zapsocket.server.testing.RecordingLogProvider;
import io.zapsocket.server.testing.WsClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The socket's MDC keys while its handlers run (what a log line written there carries, whatever the binding):
 * socket id, namespace, transport, the client address a trusted proxy forwarded, and the user id a middleware
 * stored; none after the handler, none with {@code logContext(false)}.
 */
class LogContextTest {
    /** Recorded by the test binding ({@link RecordingLogProvider}), with its MDC. */
    private static final Logger log = LoggerFactory.getLogger("recorded.handler");
    private SocketServer io;
    private final Map<String, Map<String, String>> seen = new ConcurrentHashMap<>();
    private final Map<String, DefaultServerSocket> sockets = new ConcurrentHashMap<>();

    @AfterEach
    void stop() {
        if (io != null) {
            io.close().join();
        }
    }

    private int start(boolean logContext) {
        io = SocketServer.create(ServerOptions.builder().trustedProxies("127.0.0.1").logContext(logContext).build());
        io.of("/chat").use((s, next) -> {
            s.data().put(LogContext.USER_ID_DATA_KEY, "u-42");
            next.proceed();
        });
        io.of("/chat").onConnection(s -> {
            sockets.put("chat", (DefaultServerSocket) s);
            seen.put("connection", context());
            s.on("hi", (args, ack) -> {
                log.info("handler ran for {}", s.id());
                seen.put("event", context());
                ack.send("ok");
            });
        });
        return io.listen("127.0.0.1", 0).join().getPort();
    }

    private static Map<String, String> context() {
        Map<String, String> m = MDC.getCopyOfContextMap();
        return m == null ? Map.of() : Map.copyOf(m);
    }

    private WsClient connect(int port) throws Exception {
        WsClient c = new WsClient();
        c.ws = HttpClient.newHttpClient().newWebSocketBuilder().header("X-Forwarded-For", "203.0.113.7")
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/socket.io/?EIO=4&transport=websocket"), c)
                .get(5, TimeUnit.SECONDS);
        assertThat(c.nextText()).startsWith("0{");
        c.send("40/chat,");
        assertThat(c.nextText()).startsWith("40/chat,{\"sid\"");
        return c;
    }

    @Test
    void handlersRunWithTheSocketInTheMdcAndNothingIsLeftAfterwards() throws Exception {
        WsClient ws = connect(start(true));
        ws.send("42/chat,1[\"hi\"]");
        assertThat(ws.nextText()).isEqualTo("43/chat,1[\"ok\"]");

        DefaultServerSocket socket = sockets.get("chat");
        Map<String, String> expected = Map.of(
                LogContext.SOCKET_ID, socket.id(),
                LogContext.NAMESPACE, "/chat",
                LogContext.TRANSPORT, "websocket",
                LogContext.REMOTE_ADDRESS, "203.0.113.7",
                LogContext.USER_ID, "u-42");
        assertThat(seen.get("event")).containsAllEntriesOf(expected);
        RecordingLogProvider.Line line = RecordingLogProvider.LINES.stream()
                .filter(l -> l.message().equals("handler ran for " + socket.id())).findFirst().orElseThrow();
        assertThat(line.mdc()).containsAllEntriesOf(expected);
        assertThat(seen.get("connection")).containsAllEntriesOf(expected);
        // the loop's thread after the handler: no socket left in its MDC
        Map<String, String> after = socket.loop().submit(LogContextTest::context).get(5, TimeUnit.SECONDS);
        assertThat(after).doesNotContainKeys(LogContext.SOCKET_ID, LogContext.NAMESPACE, LogContext.TRANSPORT,
                LogContext.REMOTE_ADDRESS, LogContext.USER_ID);
    }

    @Test
    void offMeansNoKeys() throws Exception {
        WsClient ws = connect(start(false));
        ws.send("42/chat,1[\"hi\"]");
        assertThat(ws.nextText()).isEqualTo("43/chat,1[\"ok\"]");
        assertThat(seen.get("event")).doesNotContainKeys(LogContext.SOCKET_ID, LogContext.USER_ID);
    }
}
