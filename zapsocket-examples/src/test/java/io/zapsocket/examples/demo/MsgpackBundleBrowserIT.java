package io.zapsocket.examples.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zapsocket.protocol.Parser;
import io.zapsocket.server.ServerOptions;
import io.zapsocket.server.SocketServer;
import io.zapsocket.server.StaticContent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The served {@code socket.io.msgpack.min.js} bundle in a real browser (Debian's chromium via playwright-core) against
 * a server with {@code parser(Parser.MSGPACK)}: connect, emit with ack, binary both ways (ArrayBuffer),
 * server emit with ack, and a second namespace; over polling and over WebSocket.
 */
class MsgpackBundleBrowserIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static BrowserDriver browser;
    private static SocketServer server;
    private static int port;

    @BeforeAll
    static void start(@org.junit.jupiter.api.io.TempDir Path web) throws Exception {
        browser = DemoPages.startBrowser("MsgpackBundleBrowserIT");
        Files.writeString(web.resolve("index.html"), "<!doctype html><html><head>"
                + "<script src=\"/socket.io/socket.io.msgpack.min.js\"></script></head><body>msgpack</body></html>");
        server = SocketServer.create(ServerOptions.builder()
                .parser(Parser.MSGPACK)
                .staticContent(StaticContent.directory("/", web))
                .build());
        server.onConnection(s -> {
            s.on("echo", (args, ack) -> {
                if (ack.requested()) {
                    ack.send(args.toArray());
                } else {
                    s.emit("echo", args.toArray());
                }
            });
            s.on("ask-me", (args, ack) -> s.emitWithAck("question", "q", new byte[] {9, 8})
                    .thenAccept(answer -> ack.send(answer.toArray())));
        });
        server.of("/admin").onConnection(s -> s.emit("hello", "admin", new byte[] {1}));
        port = server.listen("127.0.0.1", 0).join().getPort();
    }

    @AfterAll
    static void stop() {
        try {
            if (browser != null) {
                browser.close();
            }
        } finally {
            if (server != null) {
                server.close().join();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"polling", "websocket"})
    void bundleConnectsEmitsAcksAndSendsBinary(String transport) throws Exception {
        String page = "msgpack-" + transport;
        browser.call("open", Map.of("page", page, "url", "http://127.0.0.1:" + port + "/"), Duration.ofSeconds(30));
        try {
            String script = """
                (async () => {
                  const t = "%s";
                  const bytes = (b) => Array.from(new Uint8Array(b.buffer ? b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) : b));
                  const open = (nsp) => new Promise((res, rej) => {
                    const s = io(nsp, { transports: [t], forceNew: true });
                    s.on("connect", () => res(s));
                    s.on("connect_error", (e) => rej(new Error("connect_error " + e.message)));
                  });
                  const s = await open("/");
                  const call = (...args) => new Promise((res, rej) =>
                    s.timeout(5000).emit(...args, (err, ...r) => err ? rej(err) : res(r)));
                  const ack = await call("echo", "hi", new Uint8Array([0, 1, 255]).buffer, { n: 1.5 });
                  const back = new Promise((res) => s.once("echo", (...a) => res(a)));
                  // the bundle's notepack writes ArrayBuffers as bin, but typed arrays as plain objects: send .buffer
                  s.emit("echo", new Uint8Array([7, 6]).buffer, "x");
                  const echoed = await back;
                  s.on("question", (q, b, cb) => cb("answer:" + q, bytes(b).length));
                  const asked = await call("ask-me");
                  const hello = new Promise((res) => {
                    const a = io("/admin", { transports: [t], forceNew: true });
                    a.on("hello", (name, b) => { res([name, bytes(b)]); a.disconnect(); });
                  });
                  const admin = await hello;
                  const out = {
                    id: s.id, transport: s.io.engine.transport.name,
                    ack: [ack[0], bytes(ack[1]), ack[2]],
                    echoed: [bytes(echoed[0]), echoed[1]],
                    asked, admin
                  };
                  s.disconnect();
                  return JSON.stringify(out);
                })()
                """.formatted(transport);
            JsonNode result = JSON.readTree(browser.call("eval", Map.of("page", page, "expression", script),
                    Duration.ofSeconds(30)).asText());

            assertThat(result.get("id").asText()).isNotEmpty();
            assertThat(result.get("transport").asText()).isEqualTo(transport);
            assertThat(result.get("ack").toString()).isEqualTo("[\"hi\",[0,1,255],{\"n\":1.5}]");
            assertThat(result.get("echoed").toString()).isEqualTo("[[7,6],\"x\"]");
            assertThat(result.get("asked").toString()).isEqualTo("[\"answer:q\",2]");
            assertThat(result.get("admin").toString()).isEqualTo("[\"admin\",[1]]");
        } finally {
            browser.call("close", Map.of("page", page));
        }
    }
}
