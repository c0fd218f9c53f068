package io.zapsocket.webtransport.internal;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http3.DefaultHttp3HeadersFrame;
import io.netty.handler.codec.http3.Http3DataFrame;
import io.netty.handler.codec.http3.Http3Headers;
import io.netty.handler.codec.http3.Http3HeadersFrame;
import io.netty.handler.codec.http3.Http3RequestStreamInboundHandler;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.zapsocket.server.RequestInfo;
import io.zapsocket.server.ServerOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An HTTP/3 request stream. An extended CONNECT with {@code :protocol webtransport} to the engine's path (without a
 * query, as engine.io-client sends it, or with {@code EIO=4} and {@code transport=webtransport}) from an allowed origin opens a WebTransport session: answered
 * {@code 200} (the stream stays open: it is the session's). Anything else gets its error status and the stream
 * ends: 404 for another path or method, 400 for a bad query, 403 for an origin not allowed, 429 when the QUIC
 * connection already holds {@code maxSessionsPerConnection} sessions.
 */
final class WtConnectHandler extends Http3RequestStreamInboundHandler {
    private static final Logger log = LoggerFactory.getLogger(WtConnectHandler.class);

    private final WtConnection connection;
    private WtSession session;

    WtConnectHandler(WtConnection connection) {
        this.connection = connection;
    }

    @Override
    protected void channelRead(ChannelHandlerContext ctx, Http3HeadersFrame frame) {
        if (session != null) {
            return; // trailers: ignored
        }
        Http3Headers h = frame.headers();
        ServerOptions options = connection.hook().options();
        String path = h.path() == null ? "" : h.path().toString();
        QueryStringDecoder qs = new QueryStringDecoder(path);
        if (!"CONNECT".contentEquals(nonNull(h.method())) || !"webtransport".contentEquals(nonNull(h.protocol()))
                || !(qs.path().equals(options.path()) || (qs.path() + "/").equals(options.path()))) {
            log.debug("{}: not a WebTransport CONNECT to {}: {} {} {}", connection, options.path(), h.method(),
                    h.protocol(), path);
            respond(ctx, "404", true);
            return;
        }
        // engine.io-client sends no query with WebTransport (the open packet says the rest); one that is there must fit
        String eio = first(qs, "EIO");
        String transport = first(qs, "transport");
        if ((eio != null && !"4".equals(eio)) || (transport != null && !"webtransport".equals(transport))) {
            log.debug("{}: WebTransport CONNECT with a bad query: {}", connection, path);
            respond(ctx, "400", true);
            return;
        }
        String origin = h.get("origin") == null ? null : h.get("origin").toString();
        String authority = h.authority() == null ? null : h.authority().toString();
        if (!connection.hook().originAllowed(origin, authority)) {
            log.debug("{}: WebTransport CONNECT from origin {} refused", connection, origin);
            respond(ctx, "403", true);
            return;
        }
        QuicStreamChannel stream = (QuicStreamChannel) ctx.channel();
        WtSession s = connection.newSession(stream, requestInfo(h, path, qs));
        if (s == null) {
            log.debug("{}: WebTransport CONNECT over maxSessionsPerConnection", connection);
            respond(ctx, "429", true);
            return;
        }
        session = s;
        respond(ctx, "200", false);
        s.start(options.upgradeTimeout().toNanos());
    }

    private RequestInfo requestInfo(Http3Headers h, String path, QueryStringDecoder qs) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        h.forEach(e -> {
            String name = e.getKey().toString();
            if (name.startsWith(":")) {
                if (name.equals(":authority")) {
                    headers.computeIfAbsent("host", k -> new ArrayList<>()).add(e.getValue().toString());
                }
            } else {
                headers.computeIfAbsent(name, k -> new ArrayList<>()).add(e.getValue().toString());
            }
        });
        InetSocketAddress peer = connection.channel().remoteSocketAddress() instanceof InetSocketAddress a ? a : null;
        return new RequestInfo("CONNECT", path, qs.parameters(), headers, peer, true, Instant.now());
    }

    private static void respond(ChannelHandlerContext ctx, String status, boolean end) {
        DefaultHttp3HeadersFrame response = new DefaultHttp3HeadersFrame();
        response.headers().status(status);
        if (!end) {
            response.headers().set("sec-webtransport-http3-draft", "draft02");
        }
        if (end) {
            ctx.writeAndFlush(response).addListener(QuicStreamChannel.SHUTDOWN_OUTPUT);
        } else {
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE);
        }
    }

    @Override
    protected void channelRead(ChannelHandlerContext ctx, Http3DataFrame frame) {
        // the session's capsules (close, drain): the CONNECT stream's end is what counts here
        frame.release();
    }

    @Override
    protected void channelInputClosed(ChannelHandlerContext ctx) {
        if (session != null) {
            session.onConnectStreamClosed();
        } else {
            ctx.close();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (session != null) {
            session.onConnectStreamClosed();
        }
        super.channelInactive(ctx);
    }

    private static CharSequence nonNull(CharSequence s) {
        return s == null ? "" : s;
    }

    private static String first(QueryStringDecoder qs, String name) {
        List<String> v = qs.parameters().get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }
}
