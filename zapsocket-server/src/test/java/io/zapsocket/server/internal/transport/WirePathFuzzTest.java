package io.zapsocket.server.internal.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import io.zapsocket.server.ServerOptions;
import io.zapsocket.server.SocketServer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Seeded, structure-aware fuzzing of the two wire paths through the real pipeline of a full Socket.IO server (HTTP
 * codec, connection handler, routes, Engine.IO sessions, the Socket.IO layer; WebSocket frame decoder and frame
 * handler after a real upgrade), each connection on an {@link EmbeddedChannel} whose loop is the session's, so
 * timers are driven by advancing its clock. Inputs come from {@link WireInputs}, written in random chunks.
 *
 * <p>Checked for every input: no exception reaches the end of the pipeline, every HTTP answer is a well-formed
 * status line and never a 5xx for GET/POST (a route that failed), every server frame is unmasked with a
 * known opcode and a valid close code, and no buffer leaks (paranoid leak detection fails the run).
 *
 * <p>{@code -Dzapsocket.fuzz.wire.iterations=N} sets the number of inputs per path (default 4 000, a few seconds);
 * {@code -Dzapsocket.fuzz.seed=N} replays another corpus. The {@code fuzz} Maven profile runs millions.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WirePathFuzzTest {
    private static final long SEED = Long.getLong("zapsocket.fuzz.seed", 0x3E7_F022L);
    private static final int ITERATIONS = Integer.getInteger("zapsocket.fuzz.wire.iterations", 4_000);
    private static final Pattern SID = Pattern.compile("\"sid\":\"([^\"]+)\"");
    private static final Pattern STATUS = Pattern.compile("HTTP/1\\.[01] (\\d{3}) [^\r\n]*\r\n");

    private SocketServer io;
    private HttpServerHost host;

    @BeforeAll
    void start() throws Exception {
        io = SocketServer.create(ServerOptions.builder().maxHttpBufferSize(10_000).maxAttachments(3)
                .requestTimeout(Duration.ofSeconds(5)).attachmentTimeout(Duration.ofSeconds(5))
                .maxRoomsPerSocket(8).build());
        io.onConnection(s -> {
            s.on("echo", (args, ack) -> ack.send(args.toArray()));
            s.on("join", (args, ack) -> {
                try {
                    s.join(String.valueOf(args.get(0)));
                    io.to(String.valueOf(args.get(0))).emit("joined", s.id());
                } catch (IllegalStateException tooMany) {
                    ack.send("too many rooms");
                }
            });
            s.on("ask", (args, ack) -> s.emitWithAck("question", 1));
        });
        io.of("/admin").use((socket, next) -> next.proceed());
        io.listen("127.0.0.1", 0).join();
        java.lang.reflect.Field f = io.getClass().getDeclaredField("host");
        f.setAccessible(true);
        host = (HttpServerHost) f.get(io);
    }

    @AfterAll
    void stop() {
        io.close().join();
    }

    private EmbeddedChannel connection() {
        return new EmbeddedChannel(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                host.initConnection(ch);
            }
        });
    }

    /** Writes {@code bytes} in random chunks while the channel is open, running its tasks after each. */
    private static void feed(EmbeddedChannel ch, Random r, byte[] bytes) {
        int pos = 0;
        while (pos < bytes.length && ch.isOpen()) {
            int n = r.nextInt(4) == 0 ? 1 + r.nextInt(Math.min(16, bytes.length - pos)) : bytes.length - pos;
            ch.writeInbound(Unpooled.wrappedBuffer(bytes, pos, n));
            pos += n;
            ch.runPendingTasks();
        }
        if (r.nextInt(10) == 0) {
            ch.advanceTimeBy(r.nextInt(8_000), TimeUnit.MILLISECONDS);
            ch.runScheduledPendingTasks();
            ch.runPendingTasks();
        }
        ch.checkException();
    }

    /** Everything written to the channel so far, released. */
    private static byte[] drain(EmbeddedChannel ch) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Object o;
        while ((o = ch.readOutbound()) != null) {
            try {
                if (o instanceof ByteBuf b) {
                    byte[] a = new byte[b.readableBytes()];
                    b.getBytes(b.readerIndex(), a);
                    out.writeBytes(a);
                }
            } finally {
                ReferenceCountUtil.release(o);
            }
        }
        return out.toByteArray();
    }

    /** Closes the connection and lets every session on it time out, so that nothing outlives the input. */
    private static void dispose(EmbeddedChannel ch) {
        ch.close();
        for (int i = 0; i < 3; i++) {
            ch.advanceTimeBy(60, TimeUnit.SECONDS);
            ch.runScheduledPendingTasks();
            ch.runPendingTasks();
        }
        drain(ch);
        ch.finishAndReleaseAll();
    }

    private static String handshake(EmbeddedChannel ch) {
        ch.writeInbound(Unpooled.copiedBuffer("GET /socket.io/?EIO=4&transport=polling HTTP/1.1\r\nHost: x\r\n\r\n",
                StandardCharsets.US_ASCII));
        ch.runPendingTasks();
        Matcher m = SID.matcher(new String(drain(ch), StandardCharsets.ISO_8859_1));
        assertThat(m.find()).as("handshake").isTrue();
        return m.group(1);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.MINUTES)
    void httpRequestPath() {
        Random r = new Random(SEED);
        Map<Integer, Integer> statuses = new TreeMap<>();
        long bytes = 0;
        for (int n = 0; n < ITERATIONS; n++) {
            EmbeddedChannel ch = connection();
            byte[] input = null;
            try {
                String sid = r.nextBoolean() ? handshake(ch) : null;
                int requests = 1 + r.nextInt(3); // keep-alive and pipelining
                ByteArrayOutputStream all = new ByteArrayOutputStream();
                for (int k = 0; k < requests; k++) {
                    all.writeBytes(WireInputs.httpRequest(r, sid));
                }
                input = all.toByteArray();
                bytes += input.length;
                feed(ch, r, input);
                String out = new String(drain(ch), StandardCharsets.ISO_8859_1);
                if (!out.isEmpty()) {
                    Matcher m = STATUS.matcher(out);
                    if (!m.lookingAt()) {
                        fail("not an HTTP response: " + head(out));
                    }
                    int status = Integer.parseInt(m.group(1));
                    statuses.merge(status, 1, Integer::sum);
                    String method = new String(input, 0, Math.min(input.length, 8), StandardCharsets.ISO_8859_1);
                    // (Node answers any other method on a polling session with 500, and so do we)
                    if (status >= 500 && status != 503 && (method.startsWith("GET ") || method.startsWith("POST "))) {
                        fail("status " + status + " for " + escape(input));
                    }
                }
            } catch (AssertionError e) {
                throw e;
            } catch (Throwable t) {
                fail("input " + n + " failed: " + t + "\n" + (input == null ? "" : escape(input)), t);
            } finally {
                dispose(ch);
            }
        }
        System.out.printf("FUZZ http inputs=%d bytes=%d statuses=%s%n", ITERATIONS, bytes, statuses);
        assertThat(statuses.keySet()).as("the corpus reaches both answers and refusals").contains(200, 400);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.MINUTES)
    void webSocketFramePath() {
        Random r = new Random(SEED + 1);
        int done = 0;
        long frames = 0;
        int closes = 0;
        while (done < ITERATIONS) {
            EmbeddedChannel ch = connection();
            try {
                boolean deflate = r.nextInt(5) == 0;
                ch.writeInbound(Unpooled.copiedBuffer("GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\n"
                        + "Host: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        + "Sec-WebSocket-Key: AAAAAAAAAAAAAAAAAAAAAA==\r\nSec-WebSocket-Version: 13\r\n"
                        + (deflate ? "Sec-WebSocket-Extensions: permessage-deflate\r\n" : "") + "\r\n",
                        StandardCharsets.US_ASCII));
                ch.runPendingTasks();
                String head = new String(drain(ch), StandardCharsets.ISO_8859_1);
                assertThat(head).startsWith("HTTP/1.1 101");
                ByteArrayOutputStream fromServer = new ByteArrayOutputStream();
                fromServer.writeBytes(head.substring(head.indexOf("\r\n\r\n") + 4).getBytes(StandardCharsets.ISO_8859_1));
                if (r.nextInt(4) != 0) {
                    ByteArrayOutputStream connect = new ByteArrayOutputStream();
                    WireInputs.writeFrame(connect, r, true, 0, 1, "40".getBytes(StandardCharsets.US_ASCII), true);
                    feed(ch, r, connect.toByteArray());
                }
                int sequences = 1 + r.nextInt(8);
                for (int k = 0; k < sequences && ch.isOpen() && done < ITERATIONS; k++) {
                    byte[] input = WireInputs.wsFrames(r);
                    done++;
                    try {
                        feed(ch, r, input);
                    } catch (Throwable t) {
                        fail("frames failed: " + t + "\n" + escape(input), t);
                    }
                    fromServer.writeBytes(drain(ch));
                }
                ch.close();
                ch.runPendingTasks();
                fromServer.writeBytes(drain(ch));
                int[] stats = checkServerFrames(fromServer.toByteArray(), deflate);
                frames += stats[0];
                closes += stats[1];
            } finally {
                dispose(ch);
            }
        }
        System.out.printf("FUZZ websocket inputs=%d serverFrames=%d closeFrames=%d%n", done, frames, closes);
        assertThat(frames).isGreaterThan(ITERATIONS / 4);
    }

    /** Parses the server's frames: unmasked, known opcodes, valid close codes. Returns {frames, closes}. */
    private static int[] checkServerFrames(byte[] b, boolean deflate) {
        int pos = 0;
        int frames = 0;
        int closes = 0;
        while (pos + 2 <= b.length) {
            int b0 = b[pos] & 0xff;
            int b1 = b[pos + 1] & 0xff;
            int opcode = b0 & 0x0f;
            assertThat(b1 & 0x80).as("server frames are not masked").isZero();
            assertThat(opcode).as("opcode").isIn(0, 1, 2, 8, 9, 10);
            if (!deflate) {
                assertThat(b0 & 0x70).as("no RSV bits without an extension").isZero();
            }
            long len = b1 & 0x7f;
            int p = pos + 2;
            if (len == 126) {
                if (p + 2 > b.length) {
                    break;
                }
                len = ((b[p] & 0xff) << 8) | (b[p + 1] & 0xff);
                p += 2;
            } else if (len == 127) {
                if (p + 8 > b.length) {
                    break;
                }
                len = 0;
                for (int i = 0; i < 8; i++) {
                    len = (len << 8) | (b[p + i] & 0xff);
                }
                p += 8;
            }
            if (p + len > b.length) {
                break; // the connection was cut mid-frame (closed)
            }
            if (opcode == 8) {
                closes++;
                if (len >= 2) {
                    int code = ((b[p] & 0xff) << 8) | (b[p + 1] & 0xff);
                    assertThat(code).as("close code").isBetween(1000, 4999).isNotIn(1004, 1005, 1006, 1015);
                } else {
                    assertThat(len).as("close body").isZero();
                }
            }
            frames++;
            pos = (int) (p + len);
        }
        return new int[]{frames, closes};
    }

    private static String head(String s) {
        return escape(s.substring(0, Math.min(200, s.length())).getBytes(StandardCharsets.ISO_8859_1));
    }

    private static String escape(byte[] in) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(in.length, 4000); i++) {
            int c = in[i] & 0xff;
            sb.append(c >= 0x20 && c < 0x7f ? String.valueOf((char) c) : String.format("\\x%02x", c));
        }
        return sb.toString();
    }
}
