package io.zapsocket.server.internal.engine;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.zapsocket.server.testing.RawHttp;
import io.zapsocket.server.testing.TestServer;
import io.zapsocket.server.testing.WsClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.zapsocket.server.internal.engine.EngineTestSupport.awaitPendingPoll;
import static io.zapsocket.server.internal.engine.EngineTestSupport.handshake;
import static io.zapsocket.server.internal.engine.EngineTestSupport.poll;
import static io.zapsocket.server.internal.engine.EngineTestSupport.session;
import static io.zapsocket.server.internal.engine.EngineTestSupport.sid;
import static org.assertj.core.api.Assertions.assertThat;

/** Packets queued for one connection in one event-loop tick leave together: one flush, one polling payload. */
class EngineBatchingTest {
    private TestServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** Counts writes and flushes that reach the head of the pipeline (bytes about to go to the socket). */
    private static final class FlushCounter extends ChannelOutboundHandlerAdapter {
        final AtomicInteger writes = new AtomicInteger();
        final AtomicInteger flushes = new AtomicInteger();

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            writes.incrementAndGet();
            ctx.write(msg, promise);
        }

        @Override
        public void flush(ChannelHandlerContext ctx) {
            flushes.incrementAndGet();
            ctx.flush();
        }
    }

    @Test
    void manyMessagesInOneTickLeaveInOneWebSocketFlush() throws Exception {
        server = TestServer.start(b -> b);
        try (WsClient c = WsClient.connect(server.wsUrl("EIO=4&transport=websocket"))) {
            String sid = sid(c.nextText());
            DefaultEngineSession s = session(server, sid);
            Channel ch = s.wsChannel();
            FlushCounter counter = new FlushCounter();
            ch.pipeline().addFirst(counter);

            s.eventLoop().submit(() -> {
                for (int i = 0; i < 50; i++) {
                    s.send(OutboundMessage.text("m" + i));
                }
            }).get(5, TimeUnit.SECONDS);

            for (int i = 0; i < 50; i++) {
                assertThat(c.nextText()).isEqualTo("4m" + i);
            }
            // one flush for the whole tick, and the 50 small frames corked into one write
            assertThat(counter.flushes.get()).isEqualTo(1);
            assertThat(counter.writes.get()).isEqualTo(1);
        }
    }

    @Test
    void manyMessagesInOneTickLeaveInOnePollingPayload() throws Exception {
        server = TestServer.start(b -> b);
        String sid = handshake(server);
        RawHttp.Pending get = RawHttp.start(server.port, "GET", EngineTestSupport.poll(sid), java.util.Map.of(), null);
        awaitPendingPoll(server, sid);
        DefaultEngineSession s = session(server, sid);
        s.eventLoop().submit(() -> {
            for (int i = 0; i < 50; i++) {
                s.send(OutboundMessage.text("m" + i));
            }
        }).get(5, TimeUnit.SECONDS);

        String payload = get.response.get(5, TimeUnit.SECONDS).text();
        String[] packets = payload.split("\u001e");
        assertThat(packets).hasSize(50);
        assertThat(packets[0]).isEqualTo("4m0");
        assertThat(packets[49]).isEqualTo("4m49");
        assertThat(poll(sid)).isNotEmpty();
    }
}
