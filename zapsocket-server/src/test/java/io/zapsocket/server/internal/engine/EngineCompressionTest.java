package io.zapsocket.server.internal.engine;

import com.aayushatharva.brotli4j.decoder.Decoder;
import com.aayushatharva.brotli4j.decoder.DecoderJNI;
import com.aayushatharva.brotli4j.decoder.DirectDecompress;
import io.netty.handler.codec.compression.Brotli;
import io.zapsocket.server.CompressionOptions;
import io.zapsocket.server.Priority;
import io.zapsocket.server.testing.JsonPayloads;
import io.zapsocket.server.testing.RawHttp;
import io.zapsocket.server.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;

import static io.zapsocket.server.internal.engine.EngineTestSupport.handshake;
import static io.zapsocket.server.internal.engine.EngineTestSupport.poll;
import static io.zapsocket.server.internal.engine.EngineTestSupport.session;
import static org.assertj.core.api.Assertions.assertThat;

/** HTTP compression of polling responses: negotiation, threshold, per-emit opt-out, ratios. */
class EngineCompressionTest {
    private static final String JSON = JsonPayloads.users(10 * 1024);
    private TestServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** Queues {@code message} and polls with {@code Accept-Encoding: acceptEncoding}. */
    private RawHttp.Response pollWith(OutboundMessage message, String acceptEncoding) throws Exception {
        String sid = handshake(server);
        DefaultEngineSession s = session(server, sid);
        s.eventLoop().submit(() -> s.send(message)).get(5, TimeUnit.SECONDS);
        Map<String, String> headers = acceptEncoding == null ? Map.of() : Map.of("Accept-Encoding", acceptEncoding);
        RawHttp.Response r = RawHttp.send(server.port, "GET", poll(sid), headers, null);
        assertThat(r.status()).isEqualTo(200);
        return r;
    }

    private static String decode(RawHttp.Response r) throws Exception {
        String encoding = r.header("content-encoding");
        byte[] body = r.body();
        if (encoding == null) {
            return new String(body, StandardCharsets.UTF_8);
        }
        InputStream in = switch (encoding) {
            case "gzip" -> new GZIPInputStream(new ByteArrayInputStream(body));
            case "deflate" -> new InflaterInputStream(new ByteArrayInputStream(body));
            case "br" -> {
                DirectDecompress d = Decoder.decompress(body);
                assertThat(d.getResultStatus()).isEqualTo(DecoderJNI.Status.DONE);
                yield new ByteArrayInputStream(d.getDecompressedData());
            }
            default -> throw new AssertionError("unexpected encoding " + encoding);
        };
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    private void assertCompressed(String acceptEncoding, String expected, double maxRatio) throws Exception {
        RawHttp.Response r = pollWith(OutboundMessage.text(JSON), acceptEncoding);
        assertThat(r.header("content-encoding")).isEqualTo(expected);
        assertThat(decode(r)).isEqualTo("4" + JSON);
        double ratio = (double) r.body().length / (JSON.length() + 1);
        System.out.printf("polling %s, 10 KiB JSON: %d -> %d bytes, ratio %.3f%n", expected, JSON.length() + 1,
                r.body().length, ratio);
        assertThat(ratio).isLessThan(maxRatio);
    }

    @Test
    void gzipDeflateAndBrotliAreNegotiatedFromAcceptEncoding() throws Exception {
        server = TestServer.start(b -> b);
        assertCompressed("gzip", "gzip", 0.25);
        assertCompressed("deflate", "deflate", 0.25);
        assertCompressed("deflate, gzip;q=0.5", "deflate", 0.25);
        assertThat(Brotli.isAvailable()).as("brotli4j native library on this machine").isTrue();
        assertCompressed("gzip, deflate, br", "br", 0.2);
    }

    @Test
    void noAcceptEncodingSmallPayloadsAndCompressFalseAreSentAsIs() throws Exception {
        server = TestServer.start(b -> b);
        RawHttp.Response r = pollWith(OutboundMessage.text(JSON), null);
        assertThat(r.header("content-encoding")).isNull();
        assertThat(r.text()).isEqualTo("4" + JSON);

        r = pollWith(OutboundMessage.text("x".repeat(1000)), "gzip"); // 1001 bytes < 1024
        assertThat(r.header("content-encoding")).isNull();

        r = pollWith(OutboundMessage.text(JSON).withFlags(false, false, Priority.NORMAL), "gzip");
        assertThat(r.header("content-encoding")).isNull();
        assertThat(r.text()).isEqualTo("4" + JSON);
    }

    @Test
    void thresholdAndOffSwitchAreConfigurable() throws Exception {
        server = TestServer.start(b -> b.httpCompression(CompressionOptions.of(0, 9)));
        RawHttp.Response r = pollWith(OutboundMessage.text("hello hello hello"), "gzip");
        assertThat(r.header("content-encoding")).isEqualTo("gzip");
        assertThat(decode(r)).isEqualTo("4hello hello hello");
        server.close();

        server = TestServer.start(b -> b.httpCompression(null));
        r = pollWith(OutboundMessage.text(JSON), "gzip, br");
        assertThat(r.header("content-encoding")).isNull();
    }

    @Test
    void errorsAndPostAnswersAreNeverCompressed() throws Exception {
        server = TestServer.start(b -> b.httpCompression(CompressionOptions.of(0, 6)));
        RawHttp.Response r = RawHttp.send(server.port, "GET", poll("nope"), Map.of("Accept-Encoding", "gzip"), null);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.header("content-encoding")).isNull();
        assertThat(r.text()).isEqualTo("{\"code\":1,\"message\":\"Session ID unknown\"}");
    }
}
