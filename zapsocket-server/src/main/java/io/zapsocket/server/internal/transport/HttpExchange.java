package io.zapsocket.server.internal.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketServerExtension;
import io.netty.handler.ssl.SslHandler;
import io.zapsocket.server.CompressionOptions;
import io.zapsocket.server.RequestInfo;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;

/**
 * One HTTP request and its (single) response. The request line and headers are available at once; the body is
 * streamed and must be asked for with {@link #readBody}. The response is written with {@link #respond}, or the
 * connection is switched to WebSocket with {@link #upgradeToWebSocket}.
 *
 * <p>Threading: the request side ({@link #readBody}, {@link #onAbort}, {@link #upgradeToWebSocket},
 * {@link #responseHeaders()}) must be used on the connection's event loop ({@link #eventLoop()}), which is where
 * the route is called. {@link #respond} may be called from any thread and hops onto that loop; only the first
 * response counts.
 */
public final class HttpExchange {
    /** {@code text/plain; charset=UTF-8}. */
    public static final String TEXT_PLAIN_UTF8 = "text/plain; charset=UTF-8";

    private final HttpConnectionHandler connection;
    private final ChannelHandlerContext ctx;
    private final HttpRequest request;
    private final String path;
    private final Map<String, List<String>> query;
    private final Instant time = Instant.now();
    private final HttpHeaders responseHeaders = new DefaultHttpHeaders();

    // event-loop state
    private boolean requestComplete;
    private boolean responded;
    private BodyReader body;
    private Runnable abortListener;
    private PendingUpgrade pendingUpgrade;
    private boolean streaming;

    HttpExchange(HttpConnectionHandler connection, ChannelHandlerContext ctx, HttpRequest request) {
        this.connection = connection;
        this.ctx = ctx;
        this.request = request;
        String uri = request.uri();
        int q = uri.indexOf('?');
        this.path = q < 0 ? uri : uri.substring(0, q);
        this.query = q < 0 ? Map.of() : new QueryStringDecoder(uri).parameters();
    }

    /** Receives a request body read with {@link #readBody}; called on the connection's event loop. */
    public interface BodyHandler {
        /** The whole body arrived. */
        void onBody(byte[] body);

        /** The body is longer than allowed; nothing more is delivered. The caller should answer {@code 413}. */
        void onTooLarge();

        /** The connection closed before the body was complete. */
        void onAborted();
    }

    public HttpMethod method() {
        return request.method();
    }

    /** The request target as received (path and query string). */
    public String uri() {
        return request.uri();
    }

    /** The raw path (the request target up to {@code ?}). */
    public String path() {
        return path;
    }

    public HttpHeaders headers() {
        return request.headers();
    }

    /** Decoded query parameters (all values, in order). */
    public Map<String, List<String>> query() {
        return query;
    }

    /** The last value of a query parameter (as {@code URLSearchParams} → object does in Node), or {@code null}. */
    public String queryParam(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(values.size() - 1);
    }

    public InetSocketAddress remoteAddress() {
        SocketAddress a = ctx.channel().remoteAddress();
        return a instanceof InetSocketAddress ia ? ia : null;
    }

    public boolean secure() {
        return ctx.pipeline().get(SslHandler.class) != null;
    }

    public Instant time() {
        return time;
    }

    public Channel channel() {
        return ctx.channel();
    }

    /** The connection's event loop: where this exchange's request-side state lives. */
    public EventLoop eventLoop() {
        return ctx.channel().eventLoop();
    }

    /** Whether the request asks to switch to WebSocket ({@code Upgrade: websocket}). */
    public boolean isWebSocketUpgrade() {
        String upgrade = request.headers().get(HttpHeaderNames.UPGRADE);
        return upgrade != null && "websocket".equalsIgnoreCase(upgrade.trim());
    }

    /** An immutable snapshot of the request for the public API, the client being the TCP peer. */
    public RequestInfo toRequestInfo() {
        return toRequestInfo(remoteAddress());
    }

    /** An immutable snapshot of the request for the public API, with the client's address as resolved by the caller. */
    public RequestInfo toRequestInfo(InetSocketAddress clientAddress) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : request.headers()) {
            headers.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue());
        }
        return new RequestInfo(request.method().name(), request.uri(), query, headers, clientAddress, remoteAddress(),
                secure(), time);
    }

    /**
     * Headers added to whatever response this exchange gets (e.g. CORS). Event loop only, before responding.
     */
    public HttpHeaders responseHeaders() {
        return responseHeaders;
    }

    /** Whether the request (headers and body) has been fully received. Event loop only. */
    public boolean requestComplete() {
        return requestComplete;
    }

    /** Whether a response has been written (or the connection upgraded). Event loop only. */
    public boolean responded() {
        return responded;
    }

    /**
     * Reads the body, at most {@code maxBytes}. A {@code Content-Length} above the bound is reported at once
     * through {@link BodyHandler#onTooLarge()}, a streamed body as soon as it crosses it. Event loop only; call it
     * from the route, before returning.
     */
    public void readBody(int maxBytes, BodyHandler handler) {
        assert eventLoop().inEventLoop();
        body = new BodyReader(maxBytes, handler);
        long declared = HttpUtil.getContentLength(request, -1L);
        if (declared > maxBytes) {
            body.done = true;
            handler.onTooLarge();
        }
    }

    /** Called if the connection closes before this exchange was answered. Event loop only. */
    public void onAbort(Runnable listener) {
        assert eventLoop().inEventLoop();
        this.abortListener = listener;
    }

    /** Answers with a body (may be {@code null}) and keeps the connection alive if the client asked so. */
    public void respond(HttpResponseStatus status, CharSequence contentType, byte[] content) {
        respond(status, contentType, content, null, false);
    }

    /**
     * Answers the request. Thread-safe; only the first call has an effect.
     *
     * @param contentType     {@code null} for none
     * @param content         the body, {@code null} for an empty one; wrapped, not copied
     * @param extraHeaders    added after {@link #responseHeaders()}, may be {@code null}
     * @param closeConnection close the connection after the response (e.g. an unread oversized body)
     */
    public void respond(HttpResponseStatus status, CharSequence contentType, byte[] content, HttpHeaders extraHeaders,
                        boolean closeConnection) {
        respond(status, contentType, content, extraHeaders, closeConnection, false);
    }

    /**
     * Answers the request, like {@link #respond(HttpResponseStatus, CharSequence, byte[], HttpHeaders, boolean)};
     * with {@code compressible}, the body may be compressed (gzip/deflate/br per {@code Accept-Encoding}) when HTTP
     * compression is on and it reaches the threshold.
     */
    public void respond(HttpResponseStatus status, CharSequence contentType, byte[] content, HttpHeaders extraHeaders,
                        boolean closeConnection, boolean compressible) {
        onLoop(() -> respond0(status, contentType, content, extraHeaders, closeConnection, compressible));
    }

    /**
     * Answers with a streamed body ({@code Transfer-Encoding: chunked}) that lasts until {@link HttpStream#close}
     * or the peer goes away; the connection is not reused afterwards. Event loop only.
     *
     * @throws IllegalStateException when the exchange was already answered
     */
    public HttpStream respondStream(HttpResponseStatus status, CharSequence contentType, HttpHeaders extraHeaders) {
        assert eventLoop().inEventLoop();
        if (responded) {
            throw new IllegalStateException("already answered");
        }
        responded = true;
        streaming = true;
        abortListener = null;
        connection.closing();
        io.netty.handler.codec.http.DefaultHttpResponse res =
                new io.netty.handler.codec.http.DefaultHttpResponse(HttpVersion.HTTP_1_1, status);
        HttpHeaders h = res.headers();
        h.add(responseHeaders);
        if (extraHeaders != null) {
            h.add(extraHeaders);
        }
        h.set(HttpHeaderNames.CONTENT_TYPE, contentType);
        HttpUtil.setTransferEncodingChunked(res, true);
        ctx.writeAndFlush(res, ctx.voidPromise());
        return new HttpStream(ctx.channel(), ctx.pipeline().context("http"));
    }

    /**
     * Refuses the request with the JSON error of the HTTP endpoints (publish API, Server-Sent Events):
     * {@code {"error": code, "message": message}}. A body not read yet would be taken for the next request, so the
     * connection then closes after the answer. Thread-safe like {@link #respond}.
     */
    public void respondJsonError(HttpResponseStatus status, String code, String message, HttpHeaders extraHeaders) {
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("error", code);
        body.put("message", message);
        respond(status, "application/json",
                io.zapsocket.protocol.json.Json.stringify(body).getBytes(StandardCharsets.UTF_8), extraHeaders,
                !requestComplete);
    }

    /** Refuses a WebSocket upgrade with a raw status and text message, then closes (like Node's abortUpgrade). */
    public void respondUpgradeError(HttpResponseStatus status, String message) {
        onLoop(() -> {
            if (responded) {
                return;
            }
            responded = true;
            byte[] body = message.getBytes(StandardCharsets.UTF_8);
            FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                    Unpooled.wrappedBuffer(body));
            res.headers().set("Connection", "close").set("Content-type", "text/html")
                    .set("Content-Length", body.length);
            connection.closing();
            ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
        });
    }

    /** Answers a refused WebSocket upgrade like Node's {@code abortUpgrade}: raw 400, text/html, then close. */
    public void respondUpgradeError(String message) {
        respondUpgradeError(HttpResponseStatus.BAD_REQUEST, message);
    }

    private void respond0(HttpResponseStatus status, CharSequence contentType, byte[] content,
                          HttpHeaders extraHeaders, boolean closeConnection, boolean compressible) {
        if (responded) {
            return;
        }
        responded = true;
        abortListener = null;
        ByteBuf body = content == null || content.length == 0 ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(content);
        FullHttpResponse res = compressible
                ? new PollingCompressor.CompressibleResponse(HttpVersion.HTTP_1_1, status, body)
                : new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body);
        HttpHeaders h = res.headers();
        h.add(responseHeaders);
        if (extraHeaders != null) {
            h.add(extraHeaders);
        }
        if (contentType != null) {
            h.set(HttpHeaderNames.CONTENT_TYPE, contentType);
        }
        h.set(HttpHeaderNames.CONTENT_LENGTH, content == null ? 0 : content.length);
        boolean keepAlive = HttpUtil.isKeepAlive(request) && !closeConnection && !connection.isClosing();
        if (!keepAlive) {
            h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            connection.closing();
        } else if (request.protocolVersion().equals(HttpVersion.HTTP_1_0)) {
            h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
        if (!ctx.channel().isActive()) {
            res.release();
            return;
        }
        if (keepAlive) {
            ctx.writeAndFlush(res, ctx.voidPromise());
        } else {
            ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
        }
        if (requestComplete) {
            connection.exchangeDone(this);
        }
    }

    /**
     * Switches the connection to WebSocket once the request is complete: writes the {@code 101} response (with
     * {@code extraHeaders}) and installs the frame pipeline (max message {@code maxMessageSize}, larger ones close
     * with 1009). The future completes on the event loop when the handshake was written. Event loop only.
     */
    public CompletableFuture<WsConnection> upgradeToWebSocket(int maxMessageSize, HttpHeaders extraHeaders,
                                                              WsListener listener) {
        return upgradeToWebSocket(maxMessageSize, null, extraHeaders, listener);
    }

    /**
     * Like {@link #upgradeToWebSocket(int, HttpHeaders, WsListener)}, negotiating permessage-deflate (RFC 7692)
     * when {@code deflate} is not {@code null} and the client offers it: outbound frames of at least
     * {@code deflate.threshold()} bytes whose {@link OutFrame#compress()} is set are compressed; inbound
     * compressed frames are inflated (at most {@code maxMessageSize} bytes each).
     */
    public CompletableFuture<WsConnection> upgradeToWebSocket(int maxMessageSize, CompressionOptions deflate,
                                                              HttpHeaders extraHeaders, WsListener listener) {
        assert eventLoop().inEventLoop();
        CompletableFuture<WsConnection> future = new CompletableFuture<>();
        if (responded) {
            future.completeExceptionally(new IllegalStateException("already answered"));
            return future;
        }
        pendingUpgrade = new PendingUpgrade(maxMessageSize, deflate, extraHeaders, listener, future);
        if (requestComplete) {
            doUpgrade();
        }
        return future;
    }

    /**
     * Why the upgrade request is not an RFC 6455 handshake this server completes, or {@code null} when it is: a
     * {@code GET}, {@code Connection} must list {@code upgrade}, {@code Sec-WebSocket-Key} must be present and
     * {@code Sec-WebSocket-Version} must be {@code 13} (else 426 with {@code Sec-WebSocket-Version: 13}).
     */
    static String badUpgrade(HttpMethod method, HttpHeaders h) {
        if (!HttpMethod.GET.equals(method)) {
            return "Invalid HTTP method";
        }
        if (!h.containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE, true)) {
            return "Invalid Connection header";
        }
        String key = h.get(HttpHeaderNames.SEC_WEBSOCKET_KEY);
        if (key == null || key.isBlank()) {
            return "Missing or invalid Sec-WebSocket-Key header";
        }
        if (!"13".equals(h.get(HttpHeaderNames.SEC_WEBSOCKET_VERSION))) {
            return "Unsupported WebSocket version";
        }
        return null;
    }

    private void doUpgrade() {
        PendingUpgrade u = pendingUpgrade;
        pendingUpgrade = null;
        String bad = badUpgrade(request.method(), request.headers());
        if (bad != null) {
            // Netty's handshaker would throw on these (or pick a pre-RFC 6455 handshake that wants an Origin); the
            // client gets no answer and the server a warning per request (found by WirePathFuzzTest)
            u.future.completeExceptionally(new IllegalArgumentException(bad));
            if (bad.startsWith("Unsupported")) {
                responded = true;
                connection.closing();
                WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel())
                        .addListener(ChannelFutureListener.CLOSE);
            } else {
                respondUpgradeError(HttpResponseStatus.BAD_REQUEST, bad);
            }
            return;
        }
        responded = true;
        abortListener = null;
        Channel ch = ctx.channel();
        if (!ch.isActive()) {
            u.future.completeExceptionally(new java.nio.channels.ClosedChannelException());
            return;
        }
        WebSocketServerExtension deflate = u.deflate == null ? null
                : WsDeflate.negotiate(u.deflate, u.maxMessageSize,
                        request.headers().get(HttpHeaderNames.SEC_WEBSOCKET_EXTENSIONS));
        HttpHeaders responseHeaders = u.extraHeaders;
        if (deflate != null) {
            responseHeaders = new DefaultHttpHeaders();
            if (u.extraHeaders != null) {
                responseHeaders.add(u.extraHeaders);
            }
            responseHeaders.set(HttpHeaderNames.SEC_WEBSOCKET_EXTENSIONS,
                    WsDeflate.headerValue(deflate.newReponseData()));
        }
        WebSocketDecoderConfig config = WebSocketDecoderConfig.newBuilder()
                .maxFramePayloadLength(u.maxMessageSize)
                .allowExtensions(deflate != null)
                .closeOnProtocolViolation(true)
                .build();
        String host = request.headers().get(HttpHeaderNames.HOST, "localhost");
        WebSocketServerHandshaker handshaker = new WebSocketServerHandshakerFactory(
                (secure() ? "wss://" : "ws://") + host + request.uri(), null, config).newHandshaker(request);
        if (handshaker == null) {
            connection.closing();
            WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ch)
                    .addListener(ChannelFutureListener.CLOSE);
            u.future.completeExceptionally(new IllegalArgumentException("unsupported WebSocket version"));
            return;
        }
        WsConnection conn = deflate == null ? new WsConnection(ch, u.listener, WsConnection.NO_DEFLATE)
                : new WsConnection(ch, u.listener, u.deflate.threshold(),
                        WsDeflate.sharedLevel(u.deflate, deflate.newReponseData()));
        ChannelPipeline p = ctx.pipeline();
        // joins fragments and checks UTF-8 itself: one handler instead of three per connection (see WsFrameHandler)
        p.addLast("ws-handler", new WsFrameHandler(conn, u.maxMessageSize));
        connection.upgraded();
        DefaultFullHttpRequest full = new DefaultFullHttpRequest(request.protocolVersion(), request.method(),
                request.uri(), Unpooled.EMPTY_BUFFER, request.headers(), EmptyHttpHeaders.INSTANCE);
        ChannelFuture handshake = handshaker.handshake(ch, full, responseHeaders, ch.newPromise());
        if (deflate != null && p.context(WebSocketFrameDecoder.class) != null) {
            // the handshaker has put its frame decoder/encoder in place: inflate right after the decoder (before
            // the fragments are joined and UTF-8 is checked), deflate right before the encoder
            String decoder = p.context(WebSocketFrameDecoder.class).name();
            p.addAfter(decoder, "ws-inflate", deflate.newExtensionDecoder());
            p.addAfter("ws-inflate", "ws-deflate", deflate.newExtensionEncoder());
        }
        handshake.addListener(f -> {
            if (f.isSuccess()) {
                u.future.complete(conn);
            } else {
                ch.close();
                u.future.completeExceptionally(f.cause());
            }
        });
    }

    // ---- called by HttpConnectionHandler on the event loop ----

    void onContent(HttpContent content) {
        BodyReader b = body;
        if (b != null && !b.done) {
            ByteBuf buf = content.content();
            int n = buf.readableBytes();
            if (b.size + (long) n > b.max) {
                b.done = true;
                b.chunks = null;
                b.handler.onTooLarge();
            } else if (n > 0) {
                b.append(buf);
            }
        }
        if (content instanceof LastHttpContent) {
            requestComplete = true;
            if (b != null && !b.done) {
                b.done = true;
                b.handler.onBody(b.bytes());
            }
            if (pendingUpgrade != null) {
                doUpgrade();
            } else if (responded && !streaming) { // a stream stays the connection's exchange until it closes
                connection.exchangeDone(this);
            }
        }
    }

    void onConnectionClosed() {
        if (body != null && !body.done) {
            body.done = true;
            body.handler.onAborted();
        }
        if (pendingUpgrade != null) {
            PendingUpgrade u = pendingUpgrade;
            pendingUpgrade = null;
            u.future.completeExceptionally(new java.nio.channels.ClosedChannelException());
        }
        if (!responded && abortListener != null) {
            Runnable r = abortListener;
            abortListener = null;
            r.run();
        }
    }

    private void onLoop(Runnable r) {
        EventLoop loop = eventLoop();
        if (loop.inEventLoop()) {
            r.run();
        } else {
            try {
                loop.execute(r);
            } catch (RejectedExecutionException e) {
                // shutting down: the connection is being closed anyway; nothing pooled to release
            }
        }
    }

    @Override
    public String toString() {
        return request.method() + " " + request.uri() + " on " + ctx.channel();
    }

    private record PendingUpgrade(int maxMessageSize, CompressionOptions deflate, HttpHeaders extraHeaders,
                                  WsListener listener, CompletableFuture<WsConnection> future) {
    }

    /** Accumulates the body in a heap array; pooled chunks are released by the connection handler. */
    private static final class BodyReader {
        final int max;
        final BodyHandler handler;
        byte[] chunks = new byte[256];
        int size;
        boolean done;

        BodyReader(int max, BodyHandler handler) {
            this.max = max;
            this.handler = handler;
        }

        void append(ByteBuf buf) {
            int n = buf.readableBytes();
            if (size + n > chunks.length) {
                chunks = Arrays.copyOf(chunks, Math.max(size + n, Math.min(max, chunks.length * 2)));
            }
            buf.getBytes(buf.readerIndex(), chunks, size, n);
            size += n;
        }

        byte[] bytes() {
            return size == chunks.length ? chunks : Arrays.copyOf(chunks, size);
        }
    }
}
