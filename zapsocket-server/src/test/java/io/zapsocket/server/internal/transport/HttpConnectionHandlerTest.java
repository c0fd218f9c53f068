package io.zapsocket.server.internal.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.zapsocket.server.testing.LeakDetection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

@ExtendWith(LeakDetection.class)
class HttpConnectionHandlerTest {
    private final List<HttpExchange> held = new CopyOnWriteArrayList<>();
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final Map<String, byte[]> bodies = new ConcurrentHashMap<>();

    /** /hold keeps the exchange unanswered; /body reads up to 10 bytes; anything else echoes its path. */
    private final HttpRoute router = ex -> {
        switch (ex.path()) {
            case "/hold" -> {
                held.add(ex);
                ex.onAbort(() -> events.add("aborted " + ex.uri()));
            }
            case "/body" -> ex.readBody(10, new HttpExchange.BodyHandler() {
                @Override
                public void onBody(byte[] body) {
                    events.add("body " + new String(body, StandardCharsets.UTF_8));
                    ex.respond(HttpResponseStatus.OK, "text/plain", body);
                }

                @Override
                public void onTooLarge() {
                    events.add("too large");
                    ex.respond(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, null, null, null, true);
                }

                @Override
                public void onAborted() {
                    events.add("body aborted");
                }
            });
            case "/boom" -> throw new IllegalStateException("boom");
            default -> ex.respond(HttpResponseStatus.OK, "text/plain",
                    ex.path().getBytes(StandardCharsets.UTF_8));
        }
    };

    private EmbeddedChannel channel() {
        return new EmbeddedChannel(new HttpServerCodec(), new HttpConnectionHandler(router));
    }

    private static void write(EmbeddedChannel ch, String raw) {
        ch.writeInbound(Unpooled.copiedBuffer(raw, StandardCharsets.ISO_8859_1));
    }

    private static String readAll(EmbeddedChannel ch) {
        StringBuilder sb = new StringBuilder();
        Object o;
        while ((o = ch.readOutbound()) != null) {
            ByteBuf b = (ByteBuf) o;
            sb.append(b.toString(StandardCharsets.ISO_8859_1));
            b.release();
        }
        return sb.toString();
    }

    @Test
    void answersSequentialRequestsOnOneKeptAliveConnection() {
        EmbeddedChannel ch = channel();
        write(ch, "GET /a HTTP/1.1\r\nHost: x\r\n\r\n");
        String first = readAll(ch);
        assertThat(first).startsWith("HTTP/1.1 200 OK\r\n").contains("content-length: 2\r\n").endsWith("\r\n\r\n/a");
        assertThat(first).doesNotContain("connection: close");
        write(ch, "GET /b HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(readAll(ch)).endsWith("/b");
        assertThat(ch.isActive()).isTrue();
        assertFalse(ch.finish());
    }

    @Test
    void closesAfterTheResponseWhenTheClientAsks() {
        EmbeddedChannel ch = channel();
        write(ch, "GET /a HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertThat(readAll(ch)).contains("connection: close\r\n").endsWith("/a");
        assertThat(ch.isActive()).isFalse();
        assertFalse(ch.finish());
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() {
        EmbeddedChannel ch = channel();
        write(ch, "GET /hold HTTP/1.1\r\nHost: x\r\n\r\nGET /next HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(readAll(ch)).isEmpty();
        assertThat(ch.config().isAutoRead()).isFalse();
        held.get(0).respond(HttpResponseStatus.OK, "text/plain", "held".getBytes(StandardCharsets.UTF_8));
        ch.runPendingTasks();
        String out = readAll(ch);
        assertThat(out.indexOf("held")).isPositive().isLessThan(out.indexOf("/next"));
        assertThat(ch.config().isAutoRead()).isTrue();
        assertFalse(ch.finish());
    }

    @Test
    void respondIsThreadSafeAndOnlyTheFirstCounts() throws Exception {
        EmbeddedChannel ch = channel();
        write(ch, "GET /hold HTTP/1.1\r\nHost: x\r\n\r\n");
        HttpExchange ex = held.get(0);
        Thread t = new Thread(() -> ex.respond(HttpResponseStatus.OK, "text/plain", new byte[]{'1'}));
        t.start();
        t.join();
        ex.respond(HttpResponseStatus.OK, "text/plain", new byte[]{'2'});
        ch.runPendingTasks();
        String out = readAll(ch);
        assertThat(out).contains("HTTP/1.1 200").doesNotContain("\r\n\r\n2");
        assertFalse(ch.finish());
    }

    @Test
    void reportsAnAbortWhenTheConnectionClosesFirst() {
        EmbeddedChannel ch = channel();
        write(ch, "GET /hold?x=1 HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(held.get(0).queryParam("x")).isEqualTo("1");
        ch.close();
        assertThat(events).containsExactly("aborted /hold?x=1");
        assertFalse(ch.finish());
    }

    @Test
    void deliversABodyWhole() {
        EmbeddedChannel ch = channel();
        write(ch, "POST /body HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n");
        assertThat(events).isEmpty();
        write(ch, "4\r\ndefg\r\n0\r\n\r\n");
        assertThat(events).containsExactly("body abcdefg");
        assertThat(readAll(ch)).endsWith("abcdefg");
        assertFalse(ch.finish());
    }

    @Test
    void refusesADeclaredOversizedBodyAtOnce() {
        EmbeddedChannel ch = channel();
        write(ch, "POST /body HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\n\r\n");
        assertThat(events).containsExactly("too large");
        assertThat(readAll(ch)).startsWith("HTTP/1.1 413").contains("connection: close");
        assertThat(ch.isActive()).isFalse();
        assertFalse(ch.finish());
    }

    @Test
    void refusesAStreamedOversizedBodyWhenItCrossesTheBound() {
        EmbeddedChannel ch = channel();
        write(ch, "POST /body HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n6\r\nabcdef\r\n");
        assertThat(events).isEmpty();
        write(ch, "6\r\nghijkl\r\n");
        assertThat(events).containsExactly("too large");
        assertThat(readAll(ch)).startsWith("HTTP/1.1 413");
        assertFalse(ch.finish());
    }

    @Test
    void reportsAnAbortedBody() {
        EmbeddedChannel ch = channel();
        write(ch, "POST /body HTTP/1.1\r\nHost: x\r\nContent-Length: 8\r\n\r\nabc");
        ch.close();
        assertThat(events).containsExactly("body aborted");
        assertFalse(ch.finish());
    }

    @Test
    void answersMalformedRequestsWith400AndCloses() {
        EmbeddedChannel ch = channel();
        write(ch, "GET /a HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n");
        assertThat(readAll(ch)).startsWith("HTTP/1.1 400");
        assertThat(ch.isActive()).isFalse();
        assertFalse(ch.finish());
    }

    @Test
    void answersAFailingRouteWith500() {
        EmbeddedChannel ch = channel();
        write(ch, "GET /boom HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(readAll(ch)).startsWith("HTTP/1.1 500");
        assertFalse(ch.finish());
    }

    @Test
    void sendsContinueWhenTheBodyIsExpected() {
        EmbeddedChannel ch = channel();
        write(ch, "POST /body HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nExpect: 100-continue\r\n\r\n");
        assertThat(readAll(ch)).isEqualTo("HTTP/1.1 100 Continue\r\n\r\n");
        write(ch, "ok");
        assertThat(readAll(ch)).startsWith("HTTP/1.1 200").endsWith("ok");
        assertFalse(ch.finish());
    }

    @Test
    void hostRoutesExactPathsBeforePrefixes() {
        List<String> hits = new ArrayList<>();
        HttpServerHost host = new HttpServerHost(io.zapsocket.server.ServerOptions.builder().ioThreads(1).build());
        try {
            host.addPrefixRoute("/engine.io/", ex -> {
                hits.add("engine " + ex.path());
                ex.respond(HttpResponseStatus.OK, null, null);
            });
            host.addRoute("/engine.io/client.js", ex -> {
                hits.add("exact " + ex.path());
                ex.respond(HttpResponseStatus.OK, null, null);
            });
            EmbeddedChannel ch = new EmbeddedChannel(new HttpServerCodec(), new HttpConnectionHandler(host::route));
            write(ch, "GET /engine.io/client.js HTTP/1.1\r\nHost: x\r\n\r\n");
            write(ch, "GET /engine.io/?EIO=4 HTTP/1.1\r\nHost: x\r\n\r\n");
            write(ch, "GET /engine.io?EIO=4 HTTP/1.1\r\nHost: x\r\n\r\n");
            write(ch, "GET /engine.iox HTTP/1.1\r\nHost: x\r\n\r\n");
            String out = readAll(ch);
            assertThat(hits).containsExactly("exact /engine.io/client.js", "engine /engine.io/", "engine /engine.io");
            assertThat(out).contains("HTTP/1.1 404");
            assertFalse(ch.finish());
        } finally {
            host.close().join();
        }
    }
}
