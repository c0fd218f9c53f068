package io.zapsocket.server.internal.sio;

import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import io.zapsocket.protocol.Transport;
import io.zapsocket.server.RequestInfo;
import io.zapsocket.server.internal.engine.EngineSession;
import io.zapsocket.server.internal.engine.EngineSessionListener;
import io.zapsocket.server.internal.engine.OutboundMessage;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * An Engine.IO session without a network: what the Socket.IO layer sends is recorded as wire strings
 * ({@code text} for text packets, {@code bin:<hex>} for attachments, {@code CLOSE} for a close); what the test
 * "receives" is fed to the listener on the session's own event loop.
 */
final class FakeEngineSession implements EngineSession {
    private static int counter;

    private final String id = "fake-" + (++counter);
    private final EventLoop loop;
    private final BlockingQueue<String> sent = new LinkedBlockingQueue<>();
    /** Every message handed to {@link #send}, with its delivery flags (volatile ones too, even if dropped). */
    final BlockingQueue<OutboundMessage> messages = new LinkedBlockingQueue<>();
    private final RequestInfo request;
    private EngineSessionListener listener;
    private volatile boolean open = true;
    volatile boolean writable = true;

    FakeEngineSession(EventLoop loop, Map<String, List<String>> headers) {
        this.loop = loop;
        this.request = new RequestInfo("GET", "/socket.io/?EIO=4&transport=websocket",
                Map.of("EIO", List.of("4"), "transport", List.of("websocket")), headers,
                new InetSocketAddress("127.0.0.1", 40000), false, Instant.now());
    }

    static FakeEngineSession open(DefaultSocketServer server) {
        return open(server, new DefaultEventLoop());
    }

    static FakeEngineSession open(DefaultSocketServer server, EventLoop loop) {
        FakeEngineSession s = new FakeEngineSession(loop, Map.of("origin", List.of("http://localhost")));
        s.onLoop(() -> s.listener = server.onOpen(s));
        return s;
    }

    /** Runs on the loop and waits. */
    void onLoop(Runnable r) {
        try {
            loop.submit(r).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** The client sends a text message (without the Engine.IO {@code 4}). */
    void receive(String text) {
        onLoop(() -> {
            if (open) {
                listener.onMessage(text);
            }
        });
    }

    void receiveBinary(byte[] data) {
        onLoop(() -> {
            if (open) {
                listener.onBinary(data);
            }
        });
    }

    /** The transport goes away (client vanished). */
    void drop(String reason) {
        onLoop(() -> {
            if (open) {
                open = false;
                listener.onClose(reason, null);
            }
        });
    }

    /** The next thing sent, waiting up to 5 s. */
    String next() {
        try {
            String s = sent.poll(5, TimeUnit.SECONDS);
            if (s == null) {
                fail("nothing sent within 5 s");
            }
            return s;
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** Asserts the next packet starts with a prefix and returns it. */
    String nextStartingWith(String prefix) {
        String s = next();
        assertThat(s).startsWith(prefix);
        return s;
    }

    void assertNothingSent(long millis) {
        try {
            String s = sent.poll(millis, TimeUnit.MILLISECONDS);
            assertThat(s).as("unexpected packet").isNull();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    boolean isClosedNow() {
        return !open;
    }

    void shutdownLoop() {
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public EventLoop eventLoop() {
        return loop;
    }

    @Override
    public RequestInfo request() {
        return request;
    }

    @Override
    public Transport transport() {
        return Transport.WEBSOCKET;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public boolean isWritable() {
        return writable;
    }

    @Override
    public void send(OutboundMessage message) {
        messages.add(message);
        Runnable r = () -> {
            if (!open || (message.isVolatile() && !writable)) {
                return; // the engine drops volatile messages on a transport that is not writable
            }
            if (message.text() != null) { // null: a binary-only (msgpack parser) message
                sent.add(message.text());
            }
            for (byte[] a : message.attachments()) {
                sent.add("bin:" + HexFormat.of().formatHex(a));
            }
        };
        if (loop.inEventLoop()) {
            r.run();
        } else {
            loop.execute(r);
        }
    }

    @Override
    public void close() {
        Runnable r = () -> {
            if (open) {
                open = false;
                sent.add("CLOSE");
                listener.onClose("forced close", null);
            }
        };
        if (loop.inEventLoop()) {
            r.run();
        } else {
            loop.execute(r);
        }
    }
}
