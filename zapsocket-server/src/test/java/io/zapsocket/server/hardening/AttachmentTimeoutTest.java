package io.zapsocket.server.hardening;

import io.zapsocket.protocol.DisconnectReason;
import io.zapsocket.server.ServerOptions;
import io.zapsocket.server.SocketServer;
import io.zapsocket.server.testing.RawWs;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code attachmentTimeout}: a binary packet whose attachments never arrive closes its connection. */
class AttachmentTimeoutTest {
    private static final Duration TIMEOUT = Duration.ofMillis(400);
    private SocketServer io;
    private int port;
    private final CompletableFuture<String> disconnect = new CompletableFuture<>();
    private final List<Object> echoed = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        io = SocketServer.create(ServerOptions.builder().attachmentTimeout(TIMEOUT).build());
        io.onConnection(s -> {
            s.on("echo", (args, ack) -> {
                echoed.add(args.get(0));
                ack.send(args.toArray());
            });
            s.onDisconnect((reason, description) -> disconnect.complete(reason + "/" + description));
        });
        port = io.listen("127.0.0.1", 0).join().getPort();
    }

    @AfterEach
    void stop() {
        io.close().join();
    }

    private RawWs connected() throws Exception {
        RawWs ws = RawWs.connect(port, "/socket.io/?EIO=4&transport=websocket", Map.of());
        assertThat(ws.read().text()).startsWith("0{");
        ws.text("40");
        assertThat(ws.read().text()).startsWith("40{\"sid\"");
        return ws;
    }

    @Test
    void missingAttachmentsCloseTheConnectionWithParseError() throws Exception {
        RawWs ws = connected();
        long t0 = System.nanoTime();
        ws.text("452-[\"echo\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]");
        ws.binary(new byte[] {1}); // one of two
        assertThat(disconnect.get(5, TimeUnit.SECONDS))
                .isEqualTo(DisconnectReason.PARSE_ERROR + "/attachment timeout");
        assertThat((System.nanoTime() - t0) / 1_000_000).isGreaterThanOrEqualTo(TIMEOUT.toMillis() - 20);
        RawWs.Frame f = ws.awaitClose();
        assertThat(f).as("connection closed").isNotNull();
        assertThat(echoed).isEmpty();
        ws.close();
    }

    @Test
    void attachmentsThatArriveInTimeAreDeliveredAndTheTimerDoesNotFireLater() throws Exception {
        RawWs ws = connected();
        ws.text("451-1[\"echo\",{\"_placeholder\":true,\"num\":0}]");
        Thread.sleep(TIMEOUT.toMillis() / 2);
        ws.binary(new byte[] {7});
        assertThat(ws.read().text()).isEqualTo("461-1[{\"_placeholder\":true,\"num\":0}]");
        assertThat(ws.read().payload()).containsExactly(7);
        Thread.sleep(TIMEOUT.toMillis() * 2);
        assertThat(disconnect).isNotDone();
        ws.text("422[\"echo\",\"still here\"]");
        assertThat(ws.read().text()).isEqualTo("432[\"still here\"]");
        ws.close();
    }
}
