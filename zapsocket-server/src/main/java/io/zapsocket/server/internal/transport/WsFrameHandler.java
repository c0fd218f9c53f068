package io.zapsocket.server.internal.transport;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;

/**
 * Last handler of a WebSocket pipeline (after the frame decoder, UTF-8 validator and aggregator): turns complete
 * messages into {@link WsListener} calls, answers pings, echoes the peer's close, and maps oversized messages to
 * close code 1009. Every inbound frame is released here.
 */
final class WsFrameHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(WsFrameHandler.class);

    private final WsConnection conn;

    WsFrameHandler(WsConnection conn) {
        this.conn = conn;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (conn.closeSent()) {
                return;
            }
            if (msg instanceof TextWebSocketFrame text) {
                conn.listener().onText(text.text());
            } else if (msg instanceof BinaryWebSocketFrame bin) {
                conn.listener().onBinary(ByteBufUtil.getBytes(bin.content()));
            } else if (msg instanceof PingWebSocketFrame ping) {
                ctx.writeAndFlush(new PongWebSocketFrame(ping.content().retain()));
            } else if (msg instanceof CloseWebSocketFrame close) {
                // echo the peer's close frame, then close the TCP connection
                conn.markCloseSent();
                ctx.writeAndFlush(close.retain()).addListener(ChannelFutureListener.CLOSE);
            }
            // pong frames are ignored; continuation frames never get here (aggregated)
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        if (ctx.channel().isWritable()) {
            conn.notifyWritable();
        }
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        conn.notifyClosed();
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof TooLongFrameException || isInflateOverflow(cause)) {
            // from the aggregator: a fragmented message over maxHttpBufferSize, or from permessage-deflate: a
            // message that inflates beyond it. The 1009 goes out first, so that the listener's reaction (closing
            // the session) cannot replace it with a plain close frame.
            log.debug("{}: message too big: {}", ctx.channel(), cause.getMessage());
            conn.writeCloseFrame(new CloseWebSocketFrame(WebSocketCloseStatus.MESSAGE_TOO_BIG));
        } else if (inflateError(cause) != null) {
            // a compressed message that does not inflate
            log.debug("{}: invalid compressed message: {}", ctx.channel(), cause.getMessage());
            conn.writeCloseFrame(new CloseWebSocketFrame(WebSocketCloseStatus.INVALID_PAYLOAD_DATA));
        } else if (cause instanceof CorruptedWebSocketFrameException) {
            // the decoder or the UTF-8 validator has already sent the close frame (1002/1007/1009)
            log.debug("{}: invalid frame: {}", ctx.channel(), cause.getMessage());
            conn.markCloseSent();
        } else if (cause instanceof IOException || HttpConnectionHandler.isTlsFailure(cause)) {
            log.debug("{}: {}", ctx.channel(), cause.toString());
        } else {
            log.warn("{}: unexpected error on WebSocket", ctx.channel(), cause);
        }
        conn.notifyError(cause);
        ctx.close();
    }

    private static boolean isInflateOverflow(Throwable cause) {
        Throwable t = inflateError(cause);
        return t != null && String.valueOf(t.getMessage()).contains("maximum size");
    }

    /** A permessage-deflate failure in the cause chain, or {@code null}. */
    private static Throwable inflateError(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof io.netty.handler.codec.compression.DecompressionException) {
                return t;
            }
        }
        return null;
    }
}
