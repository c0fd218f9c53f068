package io.zapsocket.server.internal.transport;

import io.netty.channel.epoll.Epoll;
import io.netty.channel.uring.IoUring;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.zapsocket.server.IoTransport;
import io.zapsocket.server.ServerOptions;
import io.zapsocket.server.internal.engine.EngineServer;
import io.zapsocket.server.testing.RawHttp;
import io.zapsocket.server.testing.RecordingHandler;
import io.zapsocket.server.testing.WsClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class HttpServerHostTest {

    private static ServerOptions options(String path, boolean nativeTransport) {
        return ServerOptions.builder().path(path).ioThreads(2).nativeTransport(nativeTransport).build();
    }

    private static boolean zapsocketThreadsAlive() {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.isAlive() && t.getName().startsWith("zapsocket-"));
    }

    @ParameterizedTest
    @EnumSource(IoTransport.class)
    void servesPollingAndWebSocketOnEveryTransport(IoTransport transport) throws Exception {
        String expected = switch (transport) {
            case AUTO, IO_URING -> IoUring.isAvailable() ? "io_uring" : Epoll.isAvailable() ? "epoll" : "nio";
            case EPOLL -> Epoll.isAvailable() ? "epoll" : "nio";
            case NIO -> "nio";
        };
        ServerOptions o = ServerOptions.builder().path("/engine.io/").ioThreads(2).ioTransport(transport).build();
        HttpServerHost host = new HttpServerHost(o);
        try {
            assertThat(host.transportName()).isEqualTo(expected);
            host.addEngine(new EngineServer(o, new RecordingHandler(true)));
            int port = host.bind("127.0.0.1", 0).get(5, TimeUnit.SECONDS).getPort();
            assertThat(RawHttp.get(port, "/engine.io/?EIO=4&transport=polling").text()).startsWith("0{");
            try (WsClient c = WsClient.connect("ws://127.0.0.1:" + port + "/engine.io/?EIO=4&transport=websocket")) {
                assertThat(c.nextText()).startsWith("0{");
                c.send("4hi");
                assertThat(c.nextText()).isEqualTo("4hi");
            }
        } finally {
            host.close().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void nativeTransportOffMeansNioWhateverTheChoice() {
        HttpServerHost host = new HttpServerHost(ServerOptions.builder().ioThreads(1).nativeTransport(false)
                .ioTransport(IoTransport.IO_URING).build());
        try {
            assertThat(host.transportName()).isEqualTo("nio");
        } finally {
            host.close().join();
        }
    }

    @Test
    void servesSeveralEnginesAndExactRoutesOnOnePort() throws Exception {
        ServerOptions engineIo = options("/engine.io/", true);
        ServerOptions socketIo = options("/socket.io/", true);
        RecordingHandler echo = new RecordingHandler(true);
        RecordingHandler silent = new RecordingHandler(false);
        HttpServerHost host = new HttpServerHost(engineIo);
        EngineServer a = new EngineServer(engineIo, echo);
        EngineServer b = new EngineServer(socketIo, silent);
        host.addEngine(a).addEngine(b).addRoute("/socket.io/socket.io.min.js", ex -> ex.respond(HttpResponseStatus.OK,
                "application/javascript", "/* client */".getBytes(StandardCharsets.UTF_8)));
        try {
            int port = host.bind("127.0.0.1", 0).get(5, TimeUnit.SECONDS).getPort();
            assertThat(RawHttp.get(port, "/engine.io/?EIO=4&transport=polling").status()).isEqualTo(200);
            assertThat(RawHttp.get(port, "/socket.io/?EIO=4&transport=polling").status()).isEqualTo(200);
            assertThat(RawHttp.get(port, "/socket.io/?EIO=4&transport=polling").status()).isEqualTo(200);
            assertThat(a.clientsCount()).isEqualTo(1);
            assertThat(b.clientsCount()).isEqualTo(2);
            RawHttp.Response js = RawHttp.get(port, "/socket.io/socket.io.min.js");
            assertThat(js.text()).isEqualTo("/* client */");
            assertThat(js.header("Content-Type")).isEqualTo("application/javascript");
            assertThat(RawHttp.get(port, "/").status()).isEqualTo(404);
            // the sid of one engine is unknown to the other
            String sid = b.sessions().iterator().next().id();
            assertThat(RawHttp.get(port, "/engine.io/?EIO=4&transport=polling&sid=" + sid).status()).isEqualTo(400);
        } finally {
            host.close().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void closeEndsSessionsFreesThePortAndStopsEveryThread() throws Exception {
        ServerOptions o = options("/engine.io/", true).toBuilder().pingInterval(Duration.ofSeconds(30)).build();
        RecordingHandler handler = new RecordingHandler(true);
        HttpServerHost host = new HttpServerHost(o);
        EngineServer engine = new EngineServer(o, handler);
        host.addEngine(engine);
        InetSocketAddress addr = host.bind("127.0.0.1", 0).get(5, TimeUnit.SECONDS);
        RawHttp.get(addr.getPort(), "/engine.io/?EIO=4&transport=polling");
        WsClient ws = WsClient.connect("ws://127.0.0.1:" + addr.getPort() + "/engine.io/?EIO=4&transport=websocket");
        assertThat(ws.nextText()).startsWith("0{");
        assertThat(engine.clientsCount()).isEqualTo(2);

        host.close().get(10, TimeUnit.SECONDS);

        assertThat(engine.clientsCount()).isZero();
        assertThat(handler.closeReasons.values()).containsExactly("forced close", "forced close");
        assertThat(ws.nextText()).isEqualTo("1");
        ws.awaitClose();
        await().atMost(Duration.ofSeconds(5)).until(() -> !zapsocketThreadsAlive());
        // idempotent, and the port is free again
        host.close().get(1, TimeUnit.SECONDS);
        HttpServerHost again = new HttpServerHost(o);
        try {
            assertThat(again.bind("127.0.0.1", addr.getPort()).get(5, TimeUnit.SECONDS).getPort())
                    .isEqualTo(addr.getPort());
        } finally {
            again.close().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void bindFailsWhenThePortIsTaken() throws Exception {
        ServerOptions o = options("/engine.io/", true);
        HttpServerHost first = new HttpServerHost(o);
        HttpServerHost second = new HttpServerHost(o);
        try {
            int port = first.bind("127.0.0.1", 0).get(5, TimeUnit.SECONDS).getPort();
            assertThatThrownBy(() -> second.bind("127.0.0.1", port).get(5, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class);
        } finally {
            first.close().get(10, TimeUnit.SECONDS);
            second.close().get(10, TimeUnit.SECONDS);
        }
    }
}
