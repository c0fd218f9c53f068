package io.zapsocket.server.internal.content;

import io.zapsocket.server.ServerOptions;
import io.zapsocket.server.SocketServer;
import io.zapsocket.server.testing.RawHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code serveClient}: the official browser client under the endpoint path, as Node serves it. */
class ServeClientTest {

    interface Body {
        void run(int port) throws Exception;
    }

    private static void withServer(UnaryOperator<ServerOptions.Builder> options, Body body) throws Exception {
        SocketServer server = SocketServer.create(options.apply(ServerOptions.builder()).build());
        try {
            body.run(server.listen("127.0.0.1", 0).get(5, TimeUnit.SECONDS).getPort());
        } finally {
            server.close().orTimeout(10, TimeUnit.SECONDS).join();
        }
    }

    @Test
    void theBundledClientIsThePinnedSocketIoClient48() {
        assertThat(ContentRoutes.clientVersion()).startsWith("4.8.");
    }

    @ParameterizedTest
    @ValueSource(strings = {"socket.io.js", "socket.io.min.js", "socket.io.esm.min.js", "socket.io.msgpack.min.js"})
    void servesEachBundleWithVersionEtagAndNodesHeaders(String file) throws Exception {
        String version = ContentRoutes.clientVersion();
        withServer(b -> b, port -> {
            RawHttp.Response r = RawHttp.get(port, "/socket.io/" + file);
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.header("Content-Type")).isEqualTo("application/javascript; charset=utf-8");
            assertThat(r.header("Cache-Control")).isEqualTo("public, max-age=0");
            assertThat(r.header("ETag")).isEqualTo("\"" + version + "\"");
            assertThat(r.text()).contains("Socket.IO v" + version);

            RawHttp.Response map = RawHttp.get(port, "/socket.io/" + file + ".map");
            assertThat(map.status()).isEqualTo(200);
            assertThat(map.header("Content-Type")).isEqualTo("application/json; charset=utf-8");
            assertThat(map.text()).startsWith("{");
        });
    }

    @Test
    void answers304ForTheVersionEtagStrongOrWeak() throws Exception {
        String etag = "\"" + ContentRoutes.clientVersion() + "\"";
        withServer(b -> b, port -> {
            for (String inm : new String[] {etag, "W/" + etag}) {
                RawHttp.Response r = RawHttp.send(port, "GET", "/socket.io/socket.io.min.js?v=1",
                        Map.of("If-None-Match", inm), null);
                assertThat(r.status()).isEqualTo(304);
                assertThat(r.body()).isEmpty();
            }
            assertThat(RawHttp.send(port, "GET", "/socket.io/socket.io.min.js",
                    Map.of("If-None-Match", "\"4.0.0\""), null).status()).isEqualTo(200);
        });
    }

    @Test
    void gzipsWhenAccepted() throws Exception {
        withServer(b -> b, port -> {
            RawHttp.Response plain = RawHttp.get(port, "/socket.io/socket.io.min.js");
            RawHttp.Response gz = RawHttp.send(port, "GET", "/socket.io/socket.io.min.js",
                    Map.of("Accept-Encoding", "gzip"), null);
            assertThat(gz.header("Content-Encoding")).isEqualTo("gzip");
            assertThat(new GZIPInputStream(new ByteArrayInputStream(gz.body())).readAllBytes())
                    .isEqualTo(plain.body());
        });
    }

    @Test
    void followsACustomPath() throws Exception {
        withServer(b -> b.path("/rt"), port -> {
            assertThat(RawHttp.get(port, "/rt/socket.io.min.js").status()).isEqualTo(200);
            assertThat(RawHttp.get(port, "/socket.io/socket.io.min.js").status()).isEqualTo(404);
        });
    }

    @Test
    void isOffWithServeClientFalse() throws Exception {
        withServer(b -> b.serveClient(false), port -> {
            RawHttp.Response r = RawHttp.get(port, "/socket.io/socket.io.min.js");
            assertThat(r.status()).isNotEqualTo(200);
            assertThat(r.text()).doesNotContain("Socket.IO v");
        });
    }
}
