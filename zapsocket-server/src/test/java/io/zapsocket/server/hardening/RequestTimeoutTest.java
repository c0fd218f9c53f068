package io.zapsocket.server.hardening;

import io.zapsocket.server.ServerOptions;
import io.zapsocket.server.SocketServer;
import io.zapsocket.server.testing.RawHttp;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code requestTimeout}: a request whose headers arrived but whose body does not complete is answered 408 (or, if
 * the route already answered, e.g. 404, simply closed) within the timeout, on every path.
 */
class RequestTimeoutTest {
    private static final Duration TIMEOUT = Duration.ofMillis(700);
    private SocketServer io;
    private int port;

    @BeforeEach
    void start() {
        io = SocketServer.create(ServerOptions.builder().requestTimeout(TIMEOUT)
                .httpKeepAliveTimeout(Duration.ofSeconds(30)).pingInterval(Duration.ofMillis(3_000)).build());
        port = io.listen("127.0.0.1", 0).join().getPort();
    }

    @AfterEach
    void stop() {
        io.close().join();
    }

    /** What the server sends until it closes the connection, and how long that took. */
    record Outcome(String received, long millis, boolean closed) {
    }

    static Outcome trickle(int port, String method, String target, int declared, int sent) throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            String head = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                    + "\r\nContent-Type: text/plain;charset=UTF-8\r\nContent-Length: " + declared + "\r\n\r\n";
            long t0 = System.nanoTime();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write("4".repeat(sent).getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            byte[] buf = new byte[4096];
            boolean closed = false;
            try {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    got.write(buf, 0, n);
                }
                closed = true;
            } catch (SocketTimeoutException e) {
                // not closed within 10 s
            } catch (java.net.SocketException e) {
                closed = true; // reset
            }
            return new Outcome(got.toString(StandardCharsets.ISO_8859_1), (System.nanoTime() - t0) / 1_000_000,
                    closed);
        }
    }

    private String sid() throws Exception {
        RawHttp.Response r = RawHttp.get(port, "/socket.io/?EIO=4&transport=polling");
        Matcher m = Pattern.compile("\"sid\":\"([^\"]+)\"").matcher(r.text());
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    @Test
    void aPollingPostWhoseBodyNeverCompletesGets408AndIsClosedInTime() throws Exception {
        Outcome o = trickle(port, "POST", "/socket.io/?EIO=4&transport=polling&sid=" + sid(), 1000, 1);
        assertThat(o.closed()).isTrue();
        assertThat(o.received()).startsWith("HTTP/1.1 408 ");
        assertThat(o.millis()).isBetween(TIMEOUT.toMillis() - 50, TIMEOUT.toMillis() + 3_000);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/nope", "/socket.io/?EIO=4&transport=polling&sid=unknown",
            "/socket.io/?EIO=4&transport=polling", "/socket.io/socket.io.min.js"})
    void anAnsweredRequestWhoseBodyNeverCompletesIsClosedInTime(String target) throws Exception {
        Outcome o = trickle(port, "POST", target, 1000, 1);
        assertThat(o.closed()).as("closed").isTrue();
        assertThat(o.millis()).isLessThan(TIMEOUT.toMillis() + 3_000);
        assertThat(o.received()).matches("(?s)HTTP/1.1 (4\\d\\d|200) .*");
    }

    @Test
    void aCompleteRequestIsNotAffectedAndTheConnectionStaysUsable() throws Exception {
        String sid = sid();
        assertThat(RawHttp.post(port, "/socket.io/?EIO=4&transport=polling&sid=" + sid, "40").status())
                .isEqualTo(200);
        Thread.sleep(TIMEOUT.toMillis() + 300);
        // a long-polling GET is complete once its headers are in: it is held, then answered, not timed out
        RawHttp.Response poll = RawHttp.get(port, "/socket.io/?EIO=4&transport=polling&sid=" + sid);
        assertThat(poll.status()).isEqualTo(200);
        assertThat(poll.text()).startsWith("40{\"sid\"");
        long t0 = System.nanoTime();
        RawHttp.Response held = RawHttp.get(port, "/socket.io/?EIO=4&transport=polling&sid=" + sid);
        assertThat(held.status()).isEqualTo(200);
        assertThat(held.text()).isEqualTo("2");
        assertThat((System.nanoTime() - t0) / 1_000_000).as("held past requestTimeout")
                .isGreaterThan(TIMEOUT.toMillis());
    }
}
