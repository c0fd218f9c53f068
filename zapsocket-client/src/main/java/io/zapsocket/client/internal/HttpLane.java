package io.zapsocket.client.internal;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SslHandler;
import io.zapsocket.client.TransportException;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * One HTTP/1.1 request at a time over a kept-alive connection (reconnected when the server closed it). Polling
 * uses two lanes: one for the pending GET, one for POSTs. Runs on the client's event loop; not thread-safe.
 */
final class HttpLane {

    /** The outcome of one request, on the event loop; exactly one call. */
    interface Callback {
        void onResponse(int status, String contentType, String body);

        void onError(Throwable cause);
    }

    private final EventLoop loop;
    private final Endpoint endpoint;
    private final Map<String, String> headers;
    private final int maxResponseBytes;
    private final int connectTimeoutMillis;
    private final String name;

    private Channel channel;
    private Callback pending;
    private Request retry;
    private boolean responseStarted;
    private boolean closed;

    HttpLane(EventLoop loop, Endpoint endpoint, Map<String, String> headers, int maxResponseBytes,
             int connectTimeoutMillis, String name) {
        this.loop = loop;
        this.endpoint = endpoint;
        this.headers = headers;
        this.maxResponseBytes = maxResponseBytes;
        this.connectTimeoutMillis = connectTimeoutMillis;
        this.name = name;
    }

    boolean busy() {
        return pending != null;
    }

    /**
     * Sends a request.
     *
     * @param body the UTF-8 body of a POST, or {@code null}
     * @throws IllegalStateException if a request is in flight
     */
    void request(HttpMethod method, String target, String body, Callback callback) {
        if (pending != null) {
            throw new IllegalStateException(name + ": a request is already in flight");
        }
        if (closed) {
            callback.onError(new TransportException(name + ": closed"));
            return;
        }
        pending = callback;
        if (channel != null && channel.isActive()) {
            // a kept-alive connection the server may be closing right now: retry once on a new one if it dies
            // before any response (the server then never processed the request)
            retry = new Request(method, target, body);
            write(channel, method, target, body);
            return;
        }
        retry = null;
        connect(method, target, body);
    }

    /** A request to repeat on a new connection if its reused connection turns out to be dead. */
    private record Request(HttpMethod method, String target, String body) {
    }

    /** Retries the pending request on a new connection if it was sent on a reused one; returns whether it did. */
    private boolean retryOnNewConnection() {
        Request r = retry;
        retry = null;
        if (r == null || pending == null || closed || responseStarted) {
            return false;
        }
        connect(r.method(), r.target(), r.body());
        return true;
    }

    private void connect(HttpMethod method, String target, String body) {
        channel = null;
        Bootstrap b = new Bootstrap().group(loop).channel(NioSocketChannel.class)
                .resolver(endpoint.resolver())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeoutMillis)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        SslHandler ssl = endpoint.newSslHandler(ch.alloc());
                        if (ssl != null) {
                            ch.pipeline().addLast(ssl);
                        }
                        ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                            @Override
                            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                responseStarted = true; // any byte of a response: the request was processed
                                ctx.fireChannelRead(msg);
                            }
                        });
                        ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(maxResponseBytes),
                                new ResponseHandler());
                    }
                });
        ChannelFuture f = b.connect(endpoint.host(), endpoint.port());
        Channel ch = f.channel();
        channel = ch;
        f.addListener(done -> {
            if (channel != ch) {
                ch.close();
                return;
            }
            if (done.isSuccess()) {
                write(ch, method, target, body);
            } else {
                channel = null;
                complete(null, new TransportException(name + ": cannot connect to " + endpoint.host() + ":"
                        + endpoint.port() + ": " + done.cause(), done.cause()));
            }
        });
    }

    private void write(Channel ch, HttpMethod method, String target, String body) {
        responseStarted = false;
        ByteBuf content = body == null ? Unpooled.EMPTY_BUFFER : Unpooled.copiedBuffer(body, StandardCharsets.UTF_8);
        FullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, target, content);
        req.headers().set(HttpHeaderNames.HOST, endpoint.hostHeader());
        req.headers().set(HttpHeaderNames.ACCEPT, "*/*");
        req.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        headers.forEach(req.headers()::set);
        if (body != null) {
            req.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain;charset=UTF-8");
        }
        HttpUtil.setContentLength(req, content.readableBytes());
        ch.writeAndFlush(req).addListener(done -> {
            if (!done.isSuccess() && channel == ch) {
                channel = null;
                ch.close();
                if (!retryOnNewConnection()) {
                    complete(null, new TransportException(name + ": write failed: " + done.cause(), done.cause()));
                }
            }
        });
    }

    private void complete(FullHttpResponse response, Throwable error) {
        Callback cb = pending;
        pending = null;
        if (cb == null) {
            return;
        }
        if (error != null) {
            cb.onError(error);
        } else {
            String type = response.headers().get(HttpHeaderNames.CONTENT_TYPE);
            cb.onResponse(response.status().code(), type, response.content().toString(StandardCharsets.UTF_8));
        }
    }

    /** Closes the connection; a request in flight gets no callback. */
    void close() {
        closed = true;
        pending = null;
        if (channel != null) {
            channel.close();
            channel = null;
        }
    }

    private final class ResponseHandler extends SimpleChannelInboundHandler<FullHttpResponse> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
            if (channel != ctx.channel()) {
                return;
            }
            retry = null;
            if (!HttpUtil.isKeepAlive(response)) {
                channel = null;
                ctx.close();
            }
            complete(response, null);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (channel == ctx.channel()) {
                channel = null;
                if (!retryOnNewConnection()) {
                    complete(null, new TransportException(name + ": connection closed by the server"));
                }
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (channel == ctx.channel()) {
                channel = null;
                complete(null, new TransportException(name + ": " + cause, cause));
            }
            ctx.close();
        }
    }
}
