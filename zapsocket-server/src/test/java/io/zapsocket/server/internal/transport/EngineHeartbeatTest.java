package io.zapsocket.server.internal.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.zapsocket.server.ServerOptions;
import io.zapsocket.server.internal.engine.EngineServer;
import io.zapsocket.server.testing.LeakDetection;
import io.zapsocket.server.testing.RecordingHandler;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Heartbeat timing on a frozen clock: the engine on an {@link EmbeddedChannel} whose event loop is also the
 * session's loop, so timers fire exactly when the test advances time.
 */
@ExtendWith(LeakDetection.class)
class EngineHeartbeatTest {
    private RecordingHandler handler;
    private EngineServer engine;
    private EmbeddedChannel ch;

    @BeforeEach
    void setUp() {
        handler = new RecordingHandler(true);
        engine = new EngineServer(ServerOptions.builder().path("/engine.io/").pingInterval(Duration.ofMillis(300))
                .pingTimeout(Duration.ofMillis(200)).build(), handler);
        ch = new EmbeddedChannel(new HttpServerCodec(), new HttpConnectionHandler(engine));
        ch.freezeTime();
    }

    private void request(String method, String query, String body) {
        String raw = method + " /engine.io/?" + query + " HTTP/1.1\r\nHost: x\r\n"
                + (body == null ? "" : "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n")
                + "\r\n" + (body == null ? "" : body);
        ch.writeInbound(Unpooled.copiedBuffer(raw, StandardCharsets.UTF_8));
    }

    /** Responses written so far: their bodies, or "" when there is none. */
    private String output() {
        StringBuilder sb = new StringBuilder();
        Object o;
        while ((o = ch.readOutbound()) != null) {
            ByteBuf b = (ByteBuf) o;
            sb.append(b.toString(StandardCharsets.UTF_8));
            b.release();
        }
        return sb.toString();
    }

    private static String body(String response) {
        return response.substring(response.indexOf("\r\n\r\n") + 4);
    }

    private void advance(long ms) {
        ch.advanceTimeBy(ms, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        ch.runPendingTasks();
    }

    private String handshake() {
        request("GET", "EIO=4&transport=polling", null);
        Matcher m = Pattern.compile("\"sid\":\"([^\"]+)\"").matcher(output());
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    @Test
    void pingsEveryIntervalAndPongsReArmTheTimer() {
        String sid = handshake();
        request("GET", "EIO=4&transport=polling&sid=" + sid, null);
        advance(299);
        assertThat(output()).isEmpty();
        advance(1);
        assertThat(body(output())).isEqualTo("2");
        advance(150);
        request("POST", "EIO=4&transport=polling&sid=" + sid, "3");
        assertThat(body(output())).isEqualTo("ok");
        // next ping: pingInterval after the pong
        request("GET", "EIO=4&transport=polling&sid=" + sid, null);
        advance(299);
        assertThat(output()).isEmpty();
        advance(1);
        assertThat(body(output())).isEqualTo("2");
        assertThat(engine.clientsCount()).isEqualTo(1);
        ch.close();
        assertFalse(ch.finish());
    }

    @Test
    void pingTimeoutClosesExactlyAtTheDeadlineWithoutAPendingPoll() {
        handshake();
        advance(300);
        advance(199);
        assertThat(engine.clientsCount()).isEqualTo(1);
        advance(1);
        assertThat(engine.clientsCount()).isZero();
        assertThat(handler.closeReasons.values()).containsExactly("ping timeout");
        assertFalse(ch.finish());
    }

    @Test
    void aRequestAfterTheDeadlineFindsTheSessionClosedEvenIfTheTimerIsLate() {
        String sid = handshake();
        advance(300);
        // time passes the deadline, but the timer has not run yet
        ch.advanceTimeBy(200, TimeUnit.MILLISECONDS);
        request("GET", "EIO=4&transport=polling&sid=" + sid, null);
        String out = output();
        assertThat(out).startsWith("HTTP/1.1 400");
        assertThat(body(out)).isEqualTo("{\"code\":1,\"message\":\"Session ID unknown\"}");
        assertThat(handler.closeReasons.values()).containsExactly("ping timeout");
        ch.runScheduledPendingTasks();
        assertFalse(ch.finish());
    }

    @Test
    void theBufferedPingIsSentToTheNextPoll() {
        String sid = handshake();
        advance(300);
        request("GET", "EIO=4&transport=polling&sid=" + sid, null);
        assertThat(body(output())).isEqualTo("2");
        request("POST", "EIO=4&transport=polling&sid=" + sid, "3\u001e4after pong");
        assertThat(body(output())).isEqualTo("ok");
        advance(250);
        assertThat(engine.clientsCount()).isEqualTo(1);
        request("GET", "EIO=4&transport=polling&sid=" + sid, null);
        assertThat(body(output())).isEqualTo("4after pong");
        ch.close();
        assertFalse(ch.finish());
    }
}
