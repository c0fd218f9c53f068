package io.zapsocket.server.internal.transport;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Per-connection HTTP/1.1 handler after {@code HttpServerCodec}: creates one {@link HttpExchange} per request,
 * routes it, streams its body to the exchange, detects aborted requests and keeps responses in request order
 * (a pipelined request waits, with reads paused, until the previous one has been answered).
 *
 * <p>Not thread-safe: all state is confined to the channel's event loop. Every inbound message is released here.
 */
final class HttpConnectionHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(HttpConnectionHandler.class);

    private final HttpRoute router;
    private final long idleTimeoutNanos;
    private final long requestTimeoutNanos;
    private ChannelHandlerContext ctx;
    private ScheduledFuture<?> idleTimer;
    /** Runs while a request's headers are in and its body is not complete yet ({@code requestTimeout}). */
    private ScheduledFuture<?> requestTimer;
    private HttpExchange current;
    private ArrayDeque<Object> backlog;
    private boolean closing;
    private boolean upgraded;

    /** @param router receives every request of this connection (e.g. {@link HttpServerHost}'s routing table) */
    HttpConnectionHandler(HttpRoute router) {
        this(router, 0, 0);
    }

    /**
     * @param idleTimeoutNanos close the connection when no request is in progress for this long (keep-alive
     *                         timeout, as Node's {@code server.keepAliveTimeout}); 0 = never. It also bounds the
     *                         time the headers of the next request may take (they are parsed before a request exists)
     * @param requestTimeoutNanos close the connection when a request whose headers have arrived has not received its
     *                            whole body this long after them (as Node's {@code server.requestTimeout}), whatever
     *                            the route answered (a 404 too); 0 = never
     */
    HttpConnectionHandler(HttpRoute router, long idleTimeoutNanos, long requestTimeoutNanos) {
        this.router = router;
        this.idleTimeoutNanos = idleTimeoutNanos;
        this.requestTimeoutNanos = requestTimeoutNanos;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (closing || upgraded) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (backlog != null || (current != null && current.requestComplete())) {
            // pipelined request while the previous response is pending: hold it and stop reading
            if (backlog == null) {
                backlog = new ArrayDeque<>();
                ctx.channel().config().setAutoRead(false);
            }
            backlog.add(msg);
            return;
        }
        dispatch(msg);
    }

    private void dispatch(Object msg) {
        try {
            if (msg instanceof HttpRequest req) {
                onRequest(req);
            }
            if (msg instanceof HttpContent content && current != null) {
                HttpExchange ex = current;
                ex.onContent(content);
                if (ex.requestComplete()) {
                    cancelRequestTimer();
                }
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void onRequest(HttpRequest req) {
        cancelIdleTimer();
        if (req.decoderResult().isFailure()) {
            badRequest(req.decoderResult().cause().toString());
            return;
        }
        HttpExchange ex;
        try {
            ex = new HttpExchange(this, ctx, req);
        } catch (IllegalArgumentException e) {
            // an invalid %-escape in the query string (found by WirePathFuzzTest: it used to reach exceptionCaught,
            // logged a warning per request and closed without an answer)
            badRequest(e.getMessage());
            return;
        }
        current = ex;
        armRequestTimer(ex);
        try {
            router.handle(ex);
        } catch (RuntimeException e) {
            log.warn("{}: route failed for {}", ctx.channel(), ex, e);
            ex.respond(HttpResponseStatus.INTERNAL_SERVER_ERROR, null, null, null, true);
        }
        if (!ex.responded() && !upgraded && HttpUtil.is100ContinueExpected(req)) {
            ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE,
                    Unpooled.EMPTY_BUFFER), ctx.voidPromise());
        }
    }

    /** Answers {@code 400} without a body and closes: the request cannot be parsed. */
    private void badRequest(String why) {
        log.debug("{}: bad HTTP request: {}", ctx.channel(), why);
        closing = true;
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.BAD_REQUEST,
                Unpooled.EMPTY_BUFFER);
        res.headers().set(HttpHeaderNames.CONTENT_LENGTH, 0).set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
    }

    /** The exchange is answered and its request fully read: the next request may proceed. */
    void exchangeDone(HttpExchange ex) {
        if (current != ex) {
            return;
        }
        current = null;
        if (backlog != null) {
            // asynchronously, so that a response written from inside a route never re-enters routing
            ctx.executor().execute(this::drainBacklog);
        } else {
            armIdleTimer();
        }
    }

    /** Starts the keep-alive timer: the connection is idle (no request in progress). */
    private void armIdleTimer() {
        if (idleTimeoutNanos <= 0 || closing || upgraded || current != null || ctx == null) {
            return;
        }
        cancelIdleTimer();
        idleTimer = ctx.executor().schedule(() -> {
            idleTimer = null;
            if (current == null && !upgraded && !closing && (backlog == null || backlog.isEmpty())) {
                log.trace("{}: idle for {} ms, closing", ctx.channel(), idleTimeoutNanos / 1_000_000);
                closing = true;
                ctx.close();
            }
        }, idleTimeoutNanos, TimeUnit.NANOSECONDS);
    }

    /**
     * Starts the request timer of {@code ex}: its body must be complete within {@code requestTimeout} of its headers
     * (a body that trickles in, or never comes, cannot hold the connection). On expiry an unanswered request gets
     * {@code 408 Request Timeout}; either way the connection is closed.
     */
    private void armRequestTimer(HttpExchange ex) {
        cancelRequestTimer();
        if (requestTimeoutNanos <= 0) {
            return;
        }
        requestTimer = ctx.executor().schedule(() -> {
            requestTimer = null;
            if (current != ex || ex.requestComplete() || upgraded || !ctx.channel().isActive()) {
                return;
            }
            log.debug("{}: request body not complete within {} ms, closing: {}", ctx.channel(),
                    requestTimeoutNanos / 1_000_000, ex);
            closing = true;
            if (!ex.responded()) {
                FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                        HttpResponseStatus.REQUEST_TIMEOUT, Unpooled.EMPTY_BUFFER);
                res.headers().set(HttpHeaderNames.CONTENT_LENGTH, 0)
                        .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
                ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
            } else {
                ctx.close();
            }
        }, requestTimeoutNanos, TimeUnit.NANOSECONDS);
    }

    private void cancelRequestTimer() {
        if (requestTimer != null) {
            requestTimer.cancel(false);
            requestTimer = null;
        }
    }

    private void cancelIdleTimer() {
        if (idleTimer != null) {
            idleTimer.cancel(false);
            idleTimer = null;
        }
    }

    private void drainBacklog() {
        while (backlog != null && !backlog.isEmpty() && !closing && !upgraded
                && !(current != null && current.requestComplete())) {
            dispatch(backlog.poll());
        }
        if (backlog != null && (backlog.isEmpty() || closing || upgraded)) {
            releaseBacklog();
            if (!closing && !upgraded && ctx.channel().isActive()) {
                ctx.channel().config().setAutoRead(true);
                ctx.read();
            }
        }
        armIdleTimer();
    }

    private void releaseBacklog() {
        if (backlog != null) {
            Object m;
            while ((m = backlog.poll()) != null) {
                ReferenceCountUtil.release(m);
            }
            backlog = null;
        }
    }

    /** The connection closes after the current response. */
    void closing() {
        closing = true;
    }

    boolean isClosing() {
        return closing;
    }

    /** The connection switched to WebSocket: this handler leaves the pipeline. */
    void upgraded() {
        upgraded = true;
        cancelIdleTimer();
        cancelRequestTimer();
        releaseBacklog();
        ctx.pipeline().remove(this);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        log.trace("{} connected", ctx.channel());
        armIdleTimer();
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        log.trace("{} disconnected{}", ctx.channel(), current == null ? "" : " during " + current);
        cancelIdleTimer();
        cancelRequestTimer();
        releaseBacklog();
        HttpExchange ex = current;
        current = null;
        if (ex != null) {
            ex.onConnectionClosed();
        }
        super.channelInactive(ctx);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        releaseBacklog();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException || isTlsFailure(cause)) {
            log.debug("{}: {}", ctx.channel(), cause.toString());
        } else {
            log.warn("{}: unexpected error", ctx.channel(), cause);
        }
        ctx.close();
    }

    /** A failed TLS handshake or a plain-text request on a TLS port: the peer's problem, logged at debug. */
    static boolean isTlsFailure(Throwable cause) {
        return cause instanceof io.netty.handler.codec.DecoderException
                && cause.getCause() instanceof javax.net.ssl.SSLException;
    }
}
