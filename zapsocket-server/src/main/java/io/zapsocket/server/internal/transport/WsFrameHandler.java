package io.zapsocket.server.internal.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Last handler of a WebSocket pipeline (after the frame decoder and, with permessage-deflate, the inflater): joins
 * fragmented messages (at most {@code maxMessageSize} bytes, larger ones close with 1009), checks that text is
 * valid UTF-8 (else close 1007), turns complete messages into {@link WsListener} calls, answers pings (while the
 * connection is writable: pongs stay within the outbound budget) and echoes the peer's close. Every inbound frame is released here.
 *
 * <p>This does the work of Netty's {@code Utf8FrameValidator} and {@code WebSocketFrameAggregator} in place: each
 * handler in a pipeline costs a context (64 bytes) plus its own state on every connection, idle or not, and most
 * messages are a single frame. A fragmented message is copied into a heap array as it arrives (no pooled buffer
 * is held between reads) and dropped once delivered. The frame decoder has already rejected out-of-order
 * fragments (a continuation outside a message, a new message inside one).
 */
final class WsFrameHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(WsFrameHandler.class);

    private final WsConnection conn;
    private final int maxMessageSize;
    // a fragmented message in progress (event loop only); null between messages
    private byte[] partial;
    private int partialSize;
    private boolean partialText;
    /** Pings left unanswered because the connection was not writable (a peer that does not read). */
    private long skippedPongs;

    /** @param maxMessageSize the largest message accepted, in bytes (after joining the fragments) */
    WsFrameHandler(WsConnection conn, int maxMessageSize) {
        this.conn = conn;
        this.maxMessageSize = maxMessageSize;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (conn.closeSent()) {
                return;
            }
            if (msg instanceof ContinuationWebSocketFrame part) {
                onContinuation(ctx, part);
            } else if (msg instanceof TextWebSocketFrame || msg instanceof BinaryWebSocketFrame) {
                WebSocketFrame frame = (WebSocketFrame) msg;
                boolean text = frame instanceof TextWebSocketFrame;
                if (frame.isFinalFragment()) {
                    deliver(ctx, text, frame.content());
                } else {
                    partialText = text;
                    partialSize = 0;
                    partial = new byte[(int) Math.min(maxMessageSize,
                            Math.max(64L, 2L * frame.content().readableBytes()))];
                    append(ctx, frame.content());
                }
            } else if (msg instanceof PingWebSocketFrame ping) {
                // Within the outbound budget: a pong is written only while the socket buffer is below its high
                // water mark, so a client that sends pings and never reads cannot queue pongs without bound. RFC 6455
                // 5.5.3 lets an endpoint answer only the latest ping; a skipped one is counted.
                if (ctx.channel().isWritable()) {
                    ctx.writeAndFlush(new PongWebSocketFrame(ping.content().retain()), ctx.voidPromise());
                } else {
                    skippedPongs++;
                    log.trace("{}: not writable, pong skipped ({} so far)", ctx.channel(), skippedPongs);
                }
            } else if (msg instanceof CloseWebSocketFrame close) {
                // echo the peer's close frame, then close the TCP connection. The decoder lets any code from 3000 up
                // through; RFC 6455 defines none from 5000 up (found by WirePathFuzzTest): those get 1002 instead
                // of an echo of an undefined code.
                conn.markCloseSent();
                CloseWebSocketFrame reply = close.statusCode() >= 5000
                        ? new CloseWebSocketFrame(WebSocketCloseStatus.PROTOCOL_ERROR) : close.retain();
                ctx.writeAndFlush(reply).addListener(ChannelFutureListener.CLOSE);
            }
            // pong frames are ignored; continuation frames never get here (aggregated)
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void onContinuation(ChannelHandlerContext ctx, ContinuationWebSocketFrame part) {
        if (partial == null) {
            return; // the decoder rejects this; nothing to join it to
        }
        if (!append(ctx, part.content())) {
            return;
        }
        if (part.isFinalFragment()) {
            byte[] whole = partial;
            int size = partialSize;
            partial = null;
            deliver(ctx, partialText, Unpooled.wrappedBuffer(whole, 0, size));
        }
    }

    /** Copies a fragment into {@link #partial}; {@code false} (and the connection closing) if it is too big. */
    private boolean append(ChannelHandlerContext ctx, ByteBuf content) {
        int n = content.readableBytes();
        if ((long) partialSize + n > maxMessageSize) {
            partial = null;
            exceptionCaught(ctx, new TooLongFrameException("WebSocket message over " + maxMessageSize + " bytes"));
            return false;
        }
        if (partialSize + n > partial.length) {
            partial = Arrays.copyOf(partial, (int) Math.min(maxMessageSize,
                    Math.max(partialSize + (long) n, partial.length * 2L)));
        }
        content.getBytes(content.readerIndex(), partial, partialSize, n);
        partialSize += n;
        return true;
    }

    private void deliver(ChannelHandlerContext ctx, boolean text, ByteBuf content) {
        if (!text) {
            conn.listener().onBinary(ByteBufUtil.getBytes(content));
        } else if (ByteBufUtil.isText(content, StandardCharsets.UTF_8)) {
            conn.listener().onText(content);
        } else {
            // as Netty's Utf8FrameValidator: close with 1007, then report the error
            log.debug("{}: invalid UTF-8 in a text message", ctx.channel());
            conn.writeCloseFrame(new CloseWebSocketFrame(WebSocketCloseStatus.INVALID_PAYLOAD_DATA));
            conn.notifyError(new CorruptedWebSocketFrameException(WebSocketCloseStatus.INVALID_PAYLOAD_DATA,
                    "bytes are not UTF-8"));
            ctx.close();
        }
    }

    /** Pings not answered because the connection was not writable. Event loop only. */
    long skippedPongs() {
        return skippedPongs;
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        partial = null;
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
        partial = null;
        conn.notifyClosed();
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof TooLongFrameException || isInflateOverflow(cause)) {
            // from joining fragments: a fragmented message over maxHttpBufferSize, or from permessage-deflate: a
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
