package io.zapsocket.server.internal.sio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zapsocket.server.ServerOptions;
import io.zapsocket.server.SocketServer;
import io.zapsocket.server.testing.RawHttp;
import io.zapsocket.server.testing.WsClient;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code close(Duration)}: new connections are refused at once (503 code 8 on a connection already open), running
 * handlers finish and their acks are written before the sockets close, and the whole drain keeps its deadline.
 */
class DrainTest {
    private final ExecutorService handlers = Executors.newFixedThreadPool(4);
    private SocketServer io;
    private int port;

    private void start(long handlerMillis) {
        io = SocketServer.create(ServerOptions.builder().handlerExecutor(handlers).build());
        io.onConnection(s -> s.on("work", (args, ack) -> {
            try {
                Thread.sleep(handlerMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ack.send("done");
        }));
        port = io.listen("127.0.0.1", 0).join().getPort();
    }

    @AfterEach
    void stop() {
        if (io != null) {
            io.close().join();
        }
        handlers.shutdownNow();
    }

    private WsClient connected() throws Exception {
        WsClient ws = WsClient.connect("ws://127.0.0.1:" + port + "/socket.io/?EIO=4&transport=websocket");
        assertThat(ws.nextText()).startsWith("0{");
        ws.send("40");
        assertThat(ws.nextText()).startsWith("40{\"sid\"");
        return ws;
    }

    @Test
    void aRunningHandlerFinishesAndItsAckIsWrittenBeforeTheSocketCloses() throws Exception {
        start(400);
        WsClient ws = connected();
        ws.send("421[\"work\"]");
        Thread.sleep(50); // the handler is running

        long t0 = System.nanoTime();
        CompletableFuture<Void> drained = io.close(Duration.ofSeconds(5));

        assertThat(ws.nextText()).isEqualTo("431[\"done\"]");
        // then the drain notice (reconnect now, elsewhere), then the close
        assertThat(ws.nextText()).startsWith("42[\"zap:drain\",{").contains("\"reason\":\"server draining\"")
                .contains("\"reconnect\":\"immediate\"");
        assertThat(ws.awaitClose()).isNotNull();
        drained.get(6, TimeUnit.SECONDS);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void newConnectionsAreRefusedWhileDraining() throws Exception {
        start(1500);
        WsClient ws = connected();
        try (Socket early = new Socket()) {
            early.connect(new InetSocketAddress("127.0.0.1", port)); // accepted before the drain
            ws.send("421[\"work\"]");
            Thread.sleep(50);
            CompletableFuture<Void> drained = io.close(Duration.ofSeconds(5));
            Thread.sleep(100);

            assertThatThrownBy(() -> RawHttp.get(port, "/socket.io/?EIO=4&transport=polling"))
                    .isInstanceOf(ConnectException.class);
            OutputStream out = early.getOutputStream();
            out.write("GET /socket.io/?EIO=4&transport=polling HTTP/1.1\r\nHost: x\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            RawHttp.Response r = RawHttp.read(early.getInputStream());
            assertThat(r.status()).isEqualTo(503);
            assertThat(r.text()).isEqualTo("{\"code\":8,\"message\":\"Server draining\"}");

            assertThat(ws.nextText()).isEqualTo("431[\"done\"]");
            drained.get(6, TimeUnit.SECONDS);
        }
    }

    @Test
    void theDeadlineHoldsWhenAHandlerNeverFinishes() throws Exception {
        start(30_000);
        WsClient ws = connected();
        ws.send("421[\"work\"]");
        Thread.sleep(50);

        long t0 = System.nanoTime();
        io.close(Duration.ofMillis(800)).get(5, TimeUnit.SECONDS);

        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofMillis(2500));
        assertThat(ws.awaitClose()).isNotNull();
    }
}
