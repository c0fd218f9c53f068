package io.zapsocket.server.hardening;

import io.zapsocket.server.IoTransport;
import io.zapsocket.server.ServerOptions;
import io.zapsocket.server.SocketServer;
import io.zapsocket.server.testing.RawHttp.Response;
import io.zapsocket.server.testing.RawHttp;
import io.zapsocket.server.testing.RawWs.Frame;
import io.zapsocket.server.testing.RawWs;
import io.zapsocket.server.testing.WsClient;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The catalogue of bad input: for each case, the exact answer the protocol documents (HTTP status and Engine.IO
 * error JSON, close code, CONNECT_ERROR) — while a well-behaved client connected to the same server receives a
 * continuous broadcast stream, which must arrive complete and in order at the end.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BadInputCatalogueTest {
    private static final int MAX = 10_000;
    private static final Duration SHORT = Duration.ofMillis(800);
    private static final String PATH = "/socket.io/";
    private static final Pattern SID = Pattern.compile("\"sid\":\"([^\"]+)\"");

    private SocketServer io;
    private int port;
    private WsClient wellBehaved;
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
    private final AtomicInteger ticks = new AtomicInteger();

    @FunctionalInterface
    interface Check {
        void run(BadInputCatalogueTest t) throws Exception;
    }

    @BeforeAll
    void start() throws Exception {
        io = SocketServer.create(ServerOptions.builder().maxHttpBufferSize(MAX).maxAttachments(10)
                .requestTimeout(SHORT).attachmentTimeout(SHORT).httpKeepAliveTimeout(Duration.ofSeconds(2))
                .trustedProxies("127.0.0.1").maxDynamicNamespaces(3).maxRoomsPerSocket(4).maxPendingAcks(2)
                .ackTimeout(Duration.ofSeconds(5))
                // no Engine.IO heartbeat during the run: the well-behaved client reads only at the end
                .pingInterval(Duration.ofMinutes(3))
                // -Dzapsocket.test.ioTransport=IO_URING runs the catalogue on another I/O transport
                .ioTransport(IoTransport.valueOf(System.getProperty("zapsocket.test.ioTransport", "AUTO"))).build());
        io.of(Pattern.compile("^/dyn-\\d+$")).use((socket, next) -> {
            if ("yes".equals(socket.handshake().auth().get("ok"))) {
                next.proceed();
            } else {
                next.fail("not allowed");
            }
        });
        io.onConnection(s -> {
            s.on("echo", (args, ack) -> ack.send(args.toArray()));
            s.on("joinRoom", (args, ack) -> {
                try {
                    s.join(args.getString(0));
                    ack.send("joined");
                } catch (IllegalStateException e) {
                    ack.send("refused");
                }
            });
            s.on("ask", (args, ack) -> {
                List<java.util.concurrent.CompletableFuture<?>> asked = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    asked.add(s.emitWithAck("question", i));
                }
                java.util.concurrent.CompletableFuture<?> third = asked.get(2);
                ack.send(third.isCompletedExceptionally()
                        ? third.handle((v, e) -> e.getClass().getSimpleName()).join() : "sent");
            });
            s.on("watch", (args, ack) -> {
                s.join("watchers");
                ack.send();
            });
        });
        io.of("/admin");
        port = io.listen("127.0.0.1", 0).join().getPort();
        wellBehaved = WsClient.connect("ws://127.0.0.1:" + port + PATH + "?EIO=4&transport=websocket");
        assertThat(wellBehaved.nextText()).startsWith("0{");
        wellBehaved.send("40");
        assertThat(wellBehaved.nextText()).startsWith("40{\"sid\"");
        wellBehaved.send("421[\"watch\"]");
        assertThat(wellBehaved.nextText()).isEqualTo("431[]");
        ticker.scheduleAtFixedRate(() -> io.to("watchers").emit("tick", ticks.getAndIncrement()),
                0, 2, TimeUnit.MILLISECONDS);
    }

    @AfterAll
    void stop() {
        ticker.shutdownNow();
        if (wellBehaved != null) {
            wellBehaved.close();
        }
        io.close().join();
    }

    // ------------------------------------------------------------------ helpers

    private String q(String query) {
        return PATH + "?" + query;
    }

    private String handshake() throws Exception {
        Response r = RawHttp.get(port, q("EIO=4&transport=polling"));
        assertThat(r.status()).isEqualTo(200);
        Matcher m = SID.matcher(r.text());
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    private String polling(String sid) {
        return q("EIO=4&transport=polling&sid=" + sid);
    }

    private static void error(Response r, int status, int code, String message) {
        assertThat(r.status()).isEqualTo(status);
        assertThat(r.text()).isEqualTo("{\"code\":" + code + ",\"message\":\"" + message + "\"}");
    }

    /**
     * The session is closed: either already gone (400), or closing gracefully, in which case the next GET carries
     * the close packet {@code 1} (as Node does) and the one after is a 400.
     */
    private void assertGone(String sid) throws Exception {
        Response r = RawHttp.get(port, polling(sid));
        if (r.status() == 200) {
            assertThat(r.text()).endsWith("1");
            r = RawHttp.get(port, polling(sid));
        }
        error(r, 400, 1, "Session ID unknown");
    }

    /** A WebSocket session with the main namespace joined. */
    private RawWs wsConnected() throws Exception {
        RawWs ws = RawWs.connect(port, q("EIO=4&transport=websocket"), Map.of());
        assertThat(ws.status).isEqualTo(101);
        assertThat(ws.read().text()).startsWith("0{");
        ws.text("40");
        assertThat(ws.read().text()).startsWith("40{\"sid\"");
        return ws;
    }

    /** The server ends the connection: a close frame (with this code, if given) or EOF; never silence. */
    private static void closed(RawWs ws, int expectedCode) throws Exception {
        Frame f = ws.awaitClose();
        assertThat(f).as("connection closed").isNotNull();
        if (expectedCode > 0) {
            assertThat(f.closeCode()).isEqualTo(expectedCode);
        }
        ws.close();
    }

    /** Sends {@code head} plus {@code body} and reads until the server closes: what it sent, or null if it did not
     * close within 10 s. */
    private String untilClosed(byte[] head, byte[] body) throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(head);
            if (body != null) {
                s.getOutputStream().write(body);
            }
            s.getOutputStream().flush();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            try {
                s.getInputStream().transferTo(got);
            } catch (SocketTimeoutException e) {
                return null;
            } catch (java.net.SocketException reset) {
                // closed with unread input: a reset
            }
            return got.toString(StandardCharsets.ISO_8859_1);
        }
    }

    private byte[] postHead(String target, int contentLength) {
        return ("POST " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nContent-Type: text/plain;charset=UTF-8"
                + "\r\nContent-Length: " + contentLength + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    private Response upgrade(String method, Map<String, String> headers) throws Exception {
        java.util.LinkedHashMap<String, String> h = new java.util.LinkedHashMap<>(Map.of("Upgrade", "websocket"));
        h.putAll(headers);
        return RawHttp.send(port, method, q("EIO=4&transport=websocket"), h, null);
    }

    /** A WebSocket connection joined to {@code nsp} (CONNECT with {@code auth}); returns the CONNECT answer. */
    private String connectTo(RawWs ws, String nsp, String auth) throws Exception {
        ws.text("40" + nsp + "," + (auth == null ? "" : auth));
        return ws.read().text();
    }

    private static byte[] closePayload(int code, byte[] reason) {
        byte[] p = new byte[2 + reason.length];
        p[0] = (byte) (code >> 8);
        p[1] = (byte) code;
        System.arraycopy(reason, 0, p, 2, reason.length);
        return p;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    // ------------------------------------------------------------------ the catalogue

    static Stream<Arguments> catalogue() {
        List<Arguments> cases = new ArrayList<>();
        // --- HTTP / Engine.IO handshake
        add(cases, "no transport", t -> error(RawHttp.get(t.port, t.q("EIO=4")), 400, 0, "Transport unknown"));
        add(cases, "unknown transport", t -> error(RawHttp.get(t.port, t.q("EIO=4&transport=abc")), 400, 0,
                "Transport unknown"));
        add(cases, "no EIO", t -> error(RawHttp.get(t.port, t.q("transport=polling")), 400, 5,
                "Unsupported protocol version"));
        add(cases, "EIO=3", t -> error(RawHttp.get(t.port, t.q("EIO=3&transport=polling")), 400, 5,
                "Unsupported protocol version"));
        add(cases, "EIO=abc", t -> error(RawHttp.get(t.port, t.q("EIO=abc&transport=polling")), 400, 5,
                "Unsupported protocol version"));
        add(cases, "handshake with POST", t -> error(RawHttp.post(t.port, t.q("EIO=4&transport=polling"), "4x"),
                400, 2, "Bad handshake method"));
        add(cases, "handshake with PUT", t -> error(RawHttp.send(t.port, "PUT", t.q("EIO=4&transport=polling"),
                Map.of(), new byte[0]), 400, 2, "Bad handshake method"));
        add(cases, "unknown sid GET", t -> error(RawHttp.get(t.port, t.polling("nope")), 400, 1,
                "Session ID unknown"));
        add(cases, "unknown sid POST", t -> error(RawHttp.post(t.port, t.polling("nope"), "4x"), 400, 1,
                "Session ID unknown"));
        add(cases, "PUT with a sid", t -> {
            String sid = t.handshake();
            assertThat(RawHttp.send(t.port, "PUT", t.polling(sid), Map.of(), new byte[0]).status()).isEqualTo(500);
        });
        add(cases, "websocket transport without Upgrade", t -> error(RawHttp.get(t.port,
                t.q("EIO=4&transport=websocket")), 400, 3, "Bad request"));
        add(cases, "unknown path", t -> assertThat(RawHttp.get(t.port, "/nope").status()).isEqualTo(404));
        add(cases, "octet-stream POST", t -> {
            String sid = t.handshake();
            assertThat(RawHttp.send(t.port, "POST", t.polling(sid),
                    Map.of("Content-Type", "application/octet-stream"), utf8("4x")).status()).isEqualTo(400);
            t.assertGone(sid);
        });
        add(cases, "POST body over maxHttpBufferSize", t -> {
            String sid = t.handshake();
            Response r = RawHttp.post(t.port, t.polling(sid), "4" + "x".repeat(MAX + 10));
            assertThat(r.status()).isEqualTo(413);
        });
        add(cases, "invalid packet in a POST", t -> {
            String sid = t.handshake();
            assertThat(RawHttp.post(t.port, t.polling(sid), "abc").status()).isEqualTo(400);
            t.assertGone(sid);
        });
        add(cases, "client ping over polling", t -> {
            String sid = t.handshake();
            RawHttp.post(t.port, t.polling(sid), "2");
            t.assertGone(sid);
        });
        add(cases, "two concurrent GETs", t -> {
            String sid = t.handshake();
            RawHttp.Pending first = RawHttp.start(t.port, "GET", t.polling(sid), Map.of(), null);
            Thread.sleep(50);
            Response second = RawHttp.get(t.port, t.polling(sid));
            assertThat(second.status()).isEqualTo(400);
            assertThat(first.response.get(5, TimeUnit.SECONDS).text()).isEqualTo("1");
            t.assertGone(sid);
        });
        add(cases, "aborted GET", t -> {
            String sid = t.handshake();
            RawHttp.Pending p = RawHttp.start(t.port, "GET", t.polling(sid), Map.of(), null);
            Thread.sleep(50);
            p.abort();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (RawHttp.get(t.port, t.polling(sid)).status() != 400 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            t.assertGone(sid);
        });
        add(cases, "garbage request line", t -> {
            RawHttp.Pending p = RawHttp.startRaw(t.port, utf8("\u0001\u0002 garbage\r\n\r\n"), null);
            Response r = p.response.get(5, TimeUnit.SECONDS);
            assertThat(r.status()).isEqualTo(400);
        });
        // control characters in a header value are refused by the HTTP parser (as Node's llhttp does)
        add(cases, "origin with invalid characters", t -> assertThat(RawHttp.send(t.port, "GET",
                t.q("EIO=4&transport=polling"), Map.of("Origin", "http://a\u0001b"), null).status()).isEqualTo(400));
        // base64 is decoded leniently like Node's Buffer.from(s, "base64"); the empty binary message that results
        // is then refused by the Socket.IO layer (binary without a binary packet header), which closes the session
        add(cases, "malformed base64 in a POST", t -> {
            String sid = t.handshake();
            assertThat(RawHttp.post(t.port, t.polling(sid), "b!!!").status()).isEqualTo(200);
            t.assertGone(sid);
        });
        // --- WebSocket upgrade and frames
        add(cases, "WebSocket with a bad EIO", t -> {
            RawWs ws = RawWs.connect(t.port, t.q("EIO=3&transport=websocket"), Map.of());
            assertThat(ws.status).isEqualTo(400);
            ws.close();
        });
        add(cases, "WebSocket with an unknown sid", t -> {
            RawWs ws = RawWs.connect(t.port, t.q("EIO=4&transport=websocket&sid=nope"), Map.of());
            assertThat(ws.status).isEqualTo(400);
            assertThat(ws.responseHead).isNotEmpty();
            ws.close();
        });
        add(cases, "WebSocket text frame that is no Engine.IO packet", t -> {
            RawWs ws = t.wsConnected();
            ws.text("abc");
            closed(ws, 0);
        });
        add(cases, "WebSocket text frame with invalid UTF-8", t -> {
            RawWs ws = t.wsConnected();
            ws.frame(true, 0, 1, new byte[] {'4', (byte) 0xc3, (byte) 0x28}, true);
            closed(ws, 1007);
        });
        add(cases, "WebSocket message over maxHttpBufferSize", t -> {
            RawWs ws = t.wsConnected();
            ws.text("4" + "x".repeat(MAX + 10));
            closed(ws, 1009);
        });
        add(cases, "WebSocket fragmented message over maxHttpBufferSize", t -> {
            RawWs ws = t.wsConnected();
            ws.frame(false, 0, 1, utf8("4" + "x".repeat(MAX / 2)), true);
            ws.frame(false, 0, 0, utf8("x".repeat(MAX / 2)), true);
            ws.frame(true, 0, 0, utf8("x".repeat(MAX / 2)), true);
            closed(ws, 1009);
        });
        add(cases, "unmasked client frame", t -> {
            RawWs ws = t.wsConnected();
            ws.frame(true, 0, 1, utf8("42[\"echo\"]"), false);
            closed(ws, 1002);
        });
        add(cases, "reserved opcode", t -> {
            RawWs ws = t.wsConnected();
            ws.frame(true, 0, 3, utf8("x"), true);
            closed(ws, 1002);
        });
        add(cases, "RSV bits without an extension", t -> {
            RawWs ws = t.wsConnected();
            ws.frame(true, 4, 1, utf8("42[\"echo\"]"), true);
            closed(ws, 1002);
        });
        add(cases, "control frame over 125 bytes", t -> {
            RawWs ws = t.wsConnected();
            ws.frame(true, 0, 9, new byte[126], true);
            closed(ws, 1002);
        });
        add(cases, "fragmented control frame", t -> {
            RawWs ws = t.wsConnected();
            ws.frame(false, 0, 9, new byte[1], true);
            closed(ws, 1002);
        });
        add(cases, "continuation without a first frame", t -> {
            RawWs ws = t.wsConnected();
            ws.frame(true, 0, 0, utf8("x"), true);
            closed(ws, 1002);
        });
        add(cases, "client ping packet over WebSocket", t -> {
            RawWs ws = t.wsConnected();
            ws.text("2");
            closed(ws, 0);
        });
        add(cases, "second WebSocket for an upgraded sid", t -> {
            String sid = t.handshake();
            RawWs first = RawWs.connect(t.port, t.q("EIO=4&transport=websocket&sid=" + sid), Map.of());
            assertThat(first.status).isEqualTo(101);
            first.text("2probe");
            assertThat(first.read().text()).isEqualTo("3probe");
            first.text("5");
            first.text("40");
            assertThat(first.read().text()).startsWith("40{");
            RawWs second = RawWs.connect(t.port, t.q("EIO=4&transport=websocket&sid=" + sid), Map.of());
            if (second.status == 101) {
                closed(second, 0);
            } else {
                assertThat(second.status).isEqualTo(400);
                second.close();
            }
            error(RawHttp.get(t.port, t.polling(sid)), 400, 3, "Bad request");
            first.close();
        });
        add(cases, "binary frame without a binary packet header", t -> {
            RawWs ws = t.wsConnected();
            ws.binary(new byte[] {1, 2, 3});
            closed(ws, 0);
        });
        // --- Socket.IO packets
        add(cases, "unknown Socket.IO packet type", t -> {
            RawWs ws = t.wsConnected();
            ws.text("4abc");
            closed(ws, 0);
        });
        add(cases, "EVENT payload not an array", t -> {
            RawWs ws = t.wsConnected();
            ws.text("42{}");
            closed(ws, 0);
        });
        add(cases, "garbage instead of an ack id", t -> {
            RawWs ws = t.wsConnected();
            ws.text("42abc[\"echo\"]");
            closed(ws, 0);
        });
        add(cases, "placeholder index out of range", t -> {
            RawWs ws = t.wsConnected();
            ws.text("451-[\"echo\",{\"_placeholder\":true,\"num\":3}]");
            ws.binary(new byte[] {1});
            closed(ws, 0);
        });
        add(cases, "more attachments than maxAttachments", t -> {
            RawWs ws = t.wsConnected();
            ws.text("4511-[\"echo\"]");
            closed(ws, 0);
        });
        add(cases, "text while attachments are pending", t -> {
            RawWs ws = t.wsConnected();
            ws.text("452-[\"echo\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]");
            ws.binary(new byte[] {1});
            ws.text("42[\"echo\"]");
            closed(ws, 0);
        });
        add(cases, "reserved event name", t -> {
            RawWs ws = t.wsConnected();
            ws.text("42[\"disconnect\"]");
            closed(ws, 0);
        });
        add(cases, "CONNECT twice", t -> {
            RawWs ws = t.wsConnected();
            ws.text("40");
            closed(ws, 0);
        });
        add(cases, "packet for a namespace not joined", t -> {
            RawWs ws = t.wsConnected();
            ws.text("42/admin,[\"echo\"]");
            closed(ws, 0);
        });
        add(cases, "CONNECT payload not an object", t -> {
            RawWs ws = RawWs.connect(t.port, t.q("EIO=4&transport=websocket"), Map.of());
            ws.read();
            ws.text("40[1]");
            closed(ws, 0);
        });
        add(cases, "unknown namespace keeps the connection", t -> {
            RawWs ws = t.wsConnected();
            ws.text("40/random,");
            assertThat(ws.read().text()).isEqualTo("44/random,{\"message\":\"Invalid namespace\"}");
            ws.text("421[\"echo\",\"still\"]");
            assertThat(ws.read().text()).isEqualTo("431[\"still\"]");
            ws.close();
        });
        add(cases, "ack for an unknown id is ignored", t -> {
            RawWs ws = t.wsConnected();
            ws.text("43999[\"late\"]");
            ws.text("421[\"echo\",1]");
            assertThat(ws.read().text()).isEqualTo("431[1]");
            ws.close();
        });
        add(cases, "event without a handler is ignored", t -> {
            RawWs ws = t.wsConnected();
            ws.text("42[\"nobody-listens\"]");
            ws.text("422[\"echo\",2]");
            assertThat(ws.read().text()).isEqualTo("432[2]");
            ws.close();
        });
        add(cases, "DISCONNECT with a payload", t -> {
            RawWs ws = t.wsConnected();
            ws.text("41{\"a\":1}");
            closed(ws, 0);
        });

        // --- added with issue 15 (hardening): slow requests, origins, upgrades, limits
        add(cases, "POST body that never completes (requestTimeout)", t -> {
            String sid = t.handshake();
            String got = t.untilClosed(t.postHead(t.polling(sid), 1000), utf8("4"));
            assertThat(got).isNotNull().startsWith("HTTP/1.1 408 ");
        });
        add(cases, "POST to an unknown path whose body never completes", t -> {
            String got = t.untilClosed(t.postHead("/nope", 1000), utf8("4"));
            assertThat(got).as("closed within requestTimeout").isNotNull().startsWith("HTTP/1.1 404 ");
        });
        add(cases, "POST with an unknown sid whose body never completes", t -> {
            String got = t.untilClosed(t.postHead(t.polling("nope"), 1000), utf8("4"));
            assertThat(got).isNotNull().startsWith("HTTP/1.1 400 ");
        });
        add(cases, "handshake POST whose body never completes", t -> {
            String got = t.untilClosed(t.postHead(t.q("EIO=4&transport=polling"), 1000), utf8("4"));
            assertThat(got).isNotNull().startsWith("HTTP/1.1 400 ");
        });
        add(cases, "request headers that never complete", t -> {
            String got = t.untilClosed(utf8("GET " + t.q("EIO=4&transport=polling") + " HTTP/1.1\r\nHost: x\r\nX-Slow:"),
                    null);
            assertThat(got).as("closed within httpKeepAliveTimeout, unanswered").isEqualTo("");
        });
        add(cases, "invalid %-escape in the query", t -> assertThat(RawHttp.get(t.port,
                t.q("EIO=4&transport=%zz")).status()).isEqualTo(400));
        add(cases, "two different Content-Length headers", t -> {
            RawHttp.Pending p = RawHttp.startRaw(t.port, utf8("POST " + t.q("EIO=4&transport=polling")
                    + " HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n4x"), null);
            assertThat(p.response.get(5, TimeUnit.SECONDS).status()).isEqualTo(400);
        });
        add(cases, "negative Content-Length", t -> {
            RawHttp.Pending p = RawHttp.startRaw(t.port, utf8("POST " + t.q("EIO=4&transport=polling")
                    + " HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n"), null);
            assertThat(p.response.get(5, TimeUnit.SECONDS).status()).isEqualTo(400);
        });
        add(cases, "header block over 16 KiB", t -> assertThat(RawHttp.send(t.port, "GET",
                t.q("EIO=4&transport=polling"), Map.of("X-Big", "x".repeat(20_000)), null).status()).isEqualTo(400));
        add(cases, "request line over 16 KiB", t -> assertThat(RawHttp.get(t.port,
                t.q("EIO=4&transport=polling&x=" + "y".repeat(20_000))).status()).isEqualTo(400));
        add(cases, "chunked POST body over maxHttpBufferSize", t -> {
            String sid = t.handshake();
            byte[] chunk = utf8("4" + "x".repeat(MAX + 10));
            byte[] body = utf8(Integer.toHexString(chunk.length) + "\r\n" + new String(chunk, StandardCharsets.ISO_8859_1)
                    + "\r\n0\r\n\r\n");
            assertThat(RawHttp.send(t.port, "POST", t.polling(sid), Map.of("Transfer-Encoding", "chunked",
                    "Content-Type", "text/plain;charset=UTF-8"), body).status()).isEqualTo(413);
        });
        add(cases, "empty packet between separators in a POST", t -> {
            String sid = t.handshake();
            assertThat(RawHttp.post(t.port, t.polling(sid), "4a\u001e\u001e4b").status()).isEqualTo(400);
            t.assertGone(sid);
        });
        add(cases, "cross-origin polling handshake (secure default)", t -> error(RawHttp.send(t.port, "GET",
                t.q("EIO=4&transport=polling"), Map.of("Origin", "http://evil.example"), null), 403, 4,
                "Origin not allowed"));
        add(cases, "cross-origin WebSocket upgrade (secure default)", t -> {
            RawWs ws = RawWs.connect(t.port, t.q("EIO=4&transport=websocket"), Map.of("Origin", "http://evil.example"));
            assertThat(ws.status).isEqualTo(403);
            ws.close();
        });
        add(cases, "Origin: null", t -> error(RawHttp.send(t.port, "GET", t.q("EIO=4&transport=polling"),
                Map.of("Origin", "null"), null), 403, 4, "Origin not allowed"));
        add(cases, "same-origin WebSocket upgrade is accepted", t -> {
            RawWs ws = RawWs.connect(t.port, t.q("EIO=4&transport=websocket"),
                    Map.of("Origin", "http://127.0.0.1:" + t.port));
            assertThat(ws.status).isEqualTo(101);
            ws.close();
        });
        add(cases, "handshake flood from one client address (default handshakeRateLimit)", t -> {
            Map<String, String> from = Map.of("X-Forwarded-For", "203.0.113.77");
            int refused = 0;
            for (int i = 0; i < 400 && refused == 0; i++) {
                Response r = RawHttp.send(t.port, "GET", t.q("EIO=4&transport=polling"), from, null);
                if (r.status() == 429) {
                    refused++;
                    error(r, 429, 7, "Too many requests");
                }
            }
            assertThat(refused).as("a handshake beyond the burst (100) and its refill (20/s) is refused").isEqualTo(1);
            assertThat(RawHttp.send(t.port, "GET", t.q("EIO=4&transport=polling"),
                    Map.of("X-Forwarded-For", "203.0.113.78"), null).status()).as("another address").isEqualTo(200);
        });
        add(cases, "WebSocket upgrade with POST", t -> assertThat(t.upgrade("POST", Map.of("Connection", "Upgrade",
                "Sec-WebSocket-Key", "AAAAAAAAAAAAAAAAAAAAAA==", "Sec-WebSocket-Version", "13")).status()).isEqualTo(400));
        add(cases, "WebSocket upgrade without Connection: Upgrade", t -> {
            Response r = t.upgrade("GET", Map.of("Sec-WebSocket-Key", "AAAAAAAAAAAAAAAAAAAAAA==",
                    "Sec-WebSocket-Version", "13"));
            assertThat(r.status()).isEqualTo(400);
        });
        add(cases, "WebSocket upgrade without a key", t -> assertThat(t.upgrade("GET", Map.of("Connection",
                "Upgrade", "Sec-WebSocket-Version", "13")).status()).isEqualTo(400));
        add(cases, "WebSocket upgrade with version 8", t -> {
            Response r = t.upgrade("GET", Map.of("Connection", "Upgrade",
                    "Sec-WebSocket-Key", "AAAAAAAAAAAAAAAAAAAAAA==", "Sec-WebSocket-Version", "8"));
            assertThat(r.status()).isEqualTo(426);
            assertThat(r.header("sec-websocket-version")).isEqualTo("13");
        });
        add(cases, "WebSocket close code 5000 or more", t -> {
            RawWs ws = t.wsConnected();
            ws.frame(true, 0, 8, closePayload(5000, new byte[0]), true);
            closed(ws, 1002);
        });
        add(cases, "WebSocket close code 1005 on the wire", t -> {
            RawWs ws = t.wsConnected();
            ws.frame(true, 0, 8, closePayload(1005, new byte[0]), true);
            closed(ws, 0);
        });
        add(cases, "WebSocket close frame with a 1-byte body", t -> {
            RawWs ws = t.wsConnected();
            ws.frame(true, 0, 8, new byte[] {3}, true);
            closed(ws, 0);
        });
        add(cases, "WebSocket close reason that is not UTF-8", t -> {
            RawWs ws = t.wsConnected();
            ws.frame(true, 0, 8, closePayload(1000, new byte[] {(byte) 0xc3, (byte) 0x28}), true);
            closed(ws, 0);
        });
        add(cases, "WebSocket frame length with the high bit set", t -> {
            RawWs ws = t.wsConnected();
            ws.rawBytes(new byte[] {(byte) 0x81, (byte) 0xff, (byte) 0x80, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0});
            closed(ws, 0);
        });
        add(cases, "WebSocket pings from a client that never reads", t -> {
            try (Socket s = new Socket()) {
                s.setReceiveBufferSize(4096);
                s.connect(new InetSocketAddress("127.0.0.1", t.port));
                s.setSoTimeout(2_000);
                s.getOutputStream().write(utf8("GET " + t.q("EIO=4&transport=websocket") + " HTTP/1.1\r\nHost: x\r\n"
                        + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: "
                        + Base64.getEncoder().encodeToString(new byte[16]) + "\r\nSec-WebSocket-Version: 13\r\n\r\n"));
                DataInputStream in = new DataInputStream(s.getInputStream());
                int matched = 0;
                while (matched < 4) {
                    int b = in.read();
                    matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
                            ? matched + 1 : 0;
                }
                byte[] ping = new byte[131];
                ping[0] = (byte) 0x89;
                ping[1] = (byte) (0x80 | 125);
                byte[] batch = new byte[ping.length * 1000];
                for (int i = 0; i < 1000; i++) {
                    System.arraycopy(ping, 0, batch, i * ping.length, ping.length);
                }
                for (int i = 0; i < 60; i++) {
                    s.getOutputStream().write(batch);
                }
                Thread.sleep(300);
                int pongs = 0;
                try {
                    for (;;) {
                        int b0 = in.readUnsignedByte();
                        int len = in.readUnsignedByte() & 0x7f;
                        long n = len == 126 ? in.readUnsignedShort() : len == 127 ? in.readLong() : len;
                        in.skipNBytes(n);
                        pongs += (b0 & 0x0f) == 0x0a ? 1 : 0;
                    }
                } catch (SocketTimeoutException | EOFException drained) {
                    // all read
                }
                assertThat(pongs).as("pongs within the outbound budget").isBetween(1, 59_999);
            }
        });
        add(cases, "binary packet whose attachments never arrive (attachmentTimeout)", t -> {
            RawWs ws = t.wsConnected();
            ws.text("451-[\"echo\",{\"_placeholder\":true,\"num\":0}]");
            closed(ws, 0);
        });
        add(cases, "BINARY_ACK whose attachments never arrive", t -> {
            RawWs ws = t.wsConnected();
            ws.text("461-5[{\"_placeholder\":true,\"num\":0}]");
            closed(ws, 0);
        });
        add(cases, "event flood (default rateLimits)", t -> {
            RawWs ws = t.wsConnected();
            byte[] event = utf8("42[\"nobody-listens\"]");
            ByteArrayOutputStream burst = new ByteArrayOutputStream();
            for (int i = 0; i < 20_000; i++) { // in one write: far faster than the bucket refills, even on a loaded host
                burst.write(0x81);
                burst.write(0x80 | event.length);
                burst.writeBytes(new byte[4]); // mask key 0
                burst.writeBytes(event);
            }
            ws.rawBytes(burst.toByteArray());
            RawWs.Frame first = null;
            for (int i = 0; i < 4 && first == null; i++) {
                first = ws.read(); // null: 5 s without a frame
            }
            assertThat(first).as("an answer to the flood").isNotNull();
            String m = first.text();
            assertThat(first.opcode()).as("a text frame, not %s", first).isEqualTo(1);
            assertThat(m).startsWith("42[\"rate_limited\",{\"error\":\"rate limited\",\"event\":\"nobody-listens\","
                    + "\"retryAfterMs\":");
            // an acknowledged event is always answered, after every notice of the flood: count the notices
            ws.text("421[\"echo\"]"); // answered by the handler, or with the rate-limit error
            int notices = 1;
            for (RawWs.Frame f = ws.read(); ; f = ws.read()) {
                assertThat(f).as("the answer to the acknowledged event").isNotNull().isNotSameAs(RawWs.EOF);
                if (f.text().startsWith("431[")) {
                    break;
                }
                notices++;
            }
            assertThat(notices).as("one notice per retry interval, not one per dropped event (~19 000)")
                    .isLessThan(1000);
            ws.close();
        });
        add(cases, "join beyond maxRoomsPerSocket", t -> {
            RawWs ws = t.wsConnected();
            for (int i = 1; i <= 3; i++) {
                ws.text("42" + i + "[\"joinRoom\",\"r" + i + "\"]");
                assertThat(ws.read().text()).isEqualTo("43" + i + "[\"joined\"]");
            }
            ws.text("424[\"joinRoom\",\"r4\"]");
            assertThat(ws.read().text()).isEqualTo("434[\"refused\"]");
            ws.close();
        });
        add(cases, "acknowledgements never sent (maxPendingAcks)", t -> {
            RawWs ws = t.wsConnected();
            ws.text("421[\"ask\"]");
            assertThat(ws.read().text()).matches("42\\d+\\[\"question\",0]");
            assertThat(ws.read().text()).matches("42\\d+\\[\"question\",1]");
            assertThat(ws.read().text()).isEqualTo("431[\"TooManyPendingAcksException\"]");
            ws.close();
        });
        add(cases, "dynamic namespace refused by its middleware is not created", t -> {
            RawWs ws = t.wsConnected();
            assertThat(t.connectTo(ws, "/dyn-1", null)).isEqualTo("44/dyn-1,{\"message\":\"not allowed\"}");
            assertThat(t.io.stats().socketsByNamespace()).doesNotContainKey("/dyn-1");
            ws.close();
        });
        add(cases, "more dynamic namespaces than maxDynamicNamespaces", t -> {
            await().atMost(5, TimeUnit.SECONDS).until(() -> t.io.stats().socketsByNamespace().keySet().stream()
                    .noneMatch(n -> n.startsWith("/dyn-")));
            RawWs ws = t.wsConnected();
            for (int i = 11; i <= 13; i++) {
                assertThat(t.connectTo(ws, "/dyn-" + i, "{\"ok\":\"yes\"}")).startsWith("40/dyn-" + i + ",{\"sid\"");
            }
            assertThat(t.connectTo(ws, "/dyn-14", "{\"ok\":\"yes\"}"))
                    .isEqualTo("44/dyn-14,{\"message\":\"Too many namespaces\"}");
            ws.close();
            await().atMost(5, TimeUnit.SECONDS).until(() -> t.io.stats().socketsByNamespace().keySet().stream()
                    .noneMatch(n -> n.startsWith("/dyn-")));
        });
        add(cases, "EVENT with an empty array", t -> {
            RawWs ws = t.wsConnected();
            ws.text("42[]");
            closed(ws, 0);
        });
        add(cases, "ACK payload not an array", t -> {
            RawWs ws = t.wsConnected();
            ws.text("431{}");
            closed(ws, 0);
        });
        // both ignored, as Node does (Socket._onpacket has no case for CONNECT_ERROR; engine.io's onPacket none
        // for "upgrade" outside an upgrade)
        add(cases, "CONNECT_ERROR sent by a client is ignored", t -> {
            RawWs ws = t.wsConnected();
            ws.text("44{\"message\":\"x\"}");
            ws.text("421[\"echo\",\"still\"]");
            assertThat(ws.read().text()).isEqualTo("431[\"still\"]");
            ws.close();
        });
        add(cases, "Engine.IO upgrade packet on a fresh WebSocket is ignored", t -> {
            RawWs ws = t.wsConnected();
            ws.text("5");
            ws.text("421[\"echo\",\"still\"]");
            assertThat(ws.read().text()).isEqualTo("431[\"still\"]");
            ws.close();
        });
        add(cases, "JSON nested 100 000 deep", t -> {
            RawWs ws = t.wsConnected();
            try {
                ws.text("42[\"echo\"," + "[".repeat(100_000) + "]".repeat(100_000) + "]");
            } catch (java.net.SocketException resetWhileWriting) {
                ws.close(); // the server closed (1009) while the 200 KB were still being written
                return;
            }
            closed(ws, 1009);
        });
        add(cases, "JSON nested 4 000 deep within maxHttpBufferSize", t -> {
            RawWs ws = t.wsConnected();
            ws.text("42[\"echo\"," + "[".repeat(4_000) + "]".repeat(4_000) + "]");
            closed(ws, 0);
        });
        return cases.stream();
    }

    private static void add(List<Arguments> cases, String name, Check check) {
        cases.add(Arguments.of(name, check));
    }

    @Order(1)
    @ParameterizedTest(name = "{0}")
    @MethodSource("catalogue")
    void badInputGetsTheDocumentedAnswer(String name, Check check) throws Exception {
        check.run(this);
    }

    @Order(2)
    @Test
    void catalogueHasAtLeastEightyCases() {
        assertThat(catalogue().count()).isGreaterThanOrEqualTo(80);
    }

    @Order(3)
    @Test
    void theWellBehavedClientReceivedEveryBroadcastInOrder() throws Exception {
        ticker.shutdown();
        assertThat(ticker.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
        int sent = ticks.get();
        wellBehaved.send("422[\"echo\",\"end\"]");
        List<Integer> seen = new ArrayList<>();
        for (;;) {
            String m = wellBehaved.nextText();
            if (m.equals("432[\"end\"]")) {
                break;
            }
            assertThat(m).startsWith("42[\"tick\",");
            seen.add(Integer.parseInt(m.substring("42[\"tick\",".length(), m.length() - 1)));
        }
        assertThat(sent).isGreaterThan(100);
        assertThat(seen).hasSize(sent);
        for (int i = 0; i < sent; i++) {
            assertThat(seen.get(i)).isEqualTo(i);
        }
    }
}
