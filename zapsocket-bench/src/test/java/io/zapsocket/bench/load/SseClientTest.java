package io.zapsocket.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseClientTest {

    private static final class Recorder implements SseClient.Listener {
        final List<String> data = new ArrayList<>();
        int opens;
        Throwable closedWith;
        boolean closed;

        @Override
        public void onOpen(SseClient c) {
            opens++;
        }

        @Override
        public void onData(SseClient c, byte[] head, int len) {
            data.add(new String(head, 0, len, StandardCharsets.UTF_8));
        }

        @Override
        public void onClosed(SseClient c, Throwable cause) {
            closed = true;
            closedWith = cause;
        }
    }

    private static String chunk(String s) {
        return Integer.toHexString(s.getBytes(StandardCharsets.UTF_8).length) + "\r\n" + s + "\r\n";
    }

    /** Feeds {@code wire} in pieces of {@code step} bytes. */
    private static void feed(EmbeddedChannel ch, String wire, int step) {
        byte[] b = wire.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < b.length; i += step) {
            ch.writeInbound(Unpooled.wrappedBuffer(b, i, Math.min(step, b.length - i)));
        }
    }

    @Test
    void countsDataLinesOfAChunkedStreamWhateverTheReadBoundaries() {
        String body = chunk("retry: 2000\n\n") + chunk("event: msg\ndata: [\"0000000001:xx\"]\n\n")
                + chunk(": ping\n\n") + chunk("event: msg\ndata: [\"0000000002:") + chunk("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"]\n\n");
        String wire = "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n" + body;
        for (int step : new int[] {1, 3, 7, 64, wire.length()}) {
            Recorder r = new Recorder();
            EmbeddedChannel ch = new EmbeddedChannel(new SseClient(0, "/zap/sse?room=r", r));
            ReferenceCountUtil.release(ch.readOutbound()); // the request
            feed(ch, wire, step);
            assertThat(r.opens).isEqualTo(1);
            assertThat(r.data).as("step %d", step).hasSize(2);
            assertThat(r.data.get(0)).isEqualTo("data: [\"0000000001:xx\"]");
            assertThat(r.data.get(1)).startsWith("data: [\"0000000002:xxx").hasSize(SseClient.LINE_HEAD);
            ch.finishAndReleaseAll();
        }
    }

    @Test
    void aRefusalClosesWithTheStatusLine() {
        Recorder r = new Recorder();
        EmbeddedChannel ch = new EmbeddedChannel(new SseClient(0, "/zap/sse", r));
        ReferenceCountUtil.release(ch.readOutbound());
        feed(ch, "HTTP/1.1 403 Forbidden\r\ncontent-length: 2\r\n\r\n{}", 100);
        assertThat(r.opens).isZero();
        assertThat(r.closed).isTrue();
        assertThat(r.closedWith).hasMessageContaining("403");
        ch.finishAndReleaseAll();
    }
}
