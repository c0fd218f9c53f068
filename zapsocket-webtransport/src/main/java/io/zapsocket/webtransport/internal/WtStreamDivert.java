package io.zapsocket.webtransport.internal;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.handler.codec.quic.QuicStreamType;

/**
 * In a QUIC connection's pipeline ahead of Netty's {@code Http3ServerConnectionHandler}: puts a {@link WtStreamPeek}
 * first in every client-initiated bidirectional stream (the HTTP/3 handler then adds its request codec behind it), and
 * ends the connection's sessions when it closes.
 */
final class WtStreamDivert extends ChannelInboundHandlerAdapter {
    private final WtConnection connection;
    /** Whether this connection was counted (and so must be uncounted once). */
    private boolean counted;

    WtStreamDivert(WtConnection connection) {
        this.connection = connection;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        counted = true;
        if (!connection.server().connectionOpened()) {
            org.slf4j.LoggerFactory.getLogger(WtStreamDivert.class).debug(
                    "{}: over maxQuicConnections, closed", connection);
            ctx.close();
            return;
        }
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof QuicStreamChannel s && s.type() == QuicStreamType.BIDIRECTIONAL && !s.isLocalCreated()) {
            s.pipeline().addFirst(new WtStreamPeek(connection));
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (counted) {
            counted = false;
            connection.server().connectionClosed();
        }
        connection.closed();
        ctx.fireChannelInactive();
    }
}
