package io.zapsocket.server.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A JDK WebSocket client that records what it receives: complete text messages as {@code String}, complete
 * binary messages as {@code byte[]}, and the close as a {@link Closed}.
 */
public final class WsClient implements WebSocket.Listener, AutoCloseable {
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    public record Closed(int code, String reason) {
    }

    public final BlockingQueue<Object> received = new LinkedBlockingQueue<>();
    private final StringBuilder text = new StringBuilder();
    private final java.io.ByteArrayOutputStream binary = new java.io.ByteArrayOutputStream();
    public WebSocket ws;

    public static WsClient connect(String url) throws Exception {
        return connect(CLIENT, url);
    }

    /** Connects with a given client (e.g. one with the SSLContext of a wss test). */
    public static WsClient connect(HttpClient client, String url) throws Exception {
        WsClient c = new WsClient();
        c.ws = client.newWebSocketBuilder().buildAsync(URI.create(url), c).get(5, TimeUnit.SECONDS);
        return c;
    }

    /** Starts connecting; the future fails with the handshake error (e.g. a 400). */
    public static CompletableFuture<WebSocket> attempt(String url) {
        return CLIENT.newWebSocketBuilder().buildAsync(URI.create(url), new WsClient());
    }

    public WsClient send(String textMessage) throws Exception {
        ws.sendText(textMessage, true).get(5, TimeUnit.SECONDS);
        return this;
    }

    public WsClient sendBinary(byte[] data) throws Exception {
        ws.sendBinary(ByteBuffer.wrap(data), true).get(5, TimeUnit.SECONDS);
        return this;
    }

    /** The next received item (String, byte[] or Closed), waiting up to 5 s. */
    public Object next() throws InterruptedException {
        Object o = received.poll(5, TimeUnit.SECONDS);
        assertThat(o).as("next WebSocket message").isNotNull();
        return o;
    }

    public String nextText() throws InterruptedException {
        Object o = next();
        assertThat(o).isInstanceOf(String.class);
        return (String) o;
    }

    public Closed nextClose() throws InterruptedException {
        Object o = next();
        assertThat(o).isInstanceOf(Closed.class);
        return (Closed) o;
    }

    /** Skips received items until the close arrives. */
    public Closed awaitClose() throws InterruptedException {
        while (true) {
            Object o = next();
            if (o instanceof Closed c) {
                return c;
            }
        }
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        text.append(data);
        if (last) {
            received.add(text.toString());
            text.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        byte[] b = new byte[data.remaining()];
        data.get(b);
        binary.writeBytes(b);
        if (last) {
            received.add(binary.toByteArray());
            binary.reset();
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        received.add(new Closed(statusCode, reason));
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        received.add(new Closed(-1, String.valueOf(error)));
    }

    @Override
    public void close() {
        if (ws != null) {
            ws.abort();
        }
    }

    public static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
