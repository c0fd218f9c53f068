package io.zapsocket.webtransport.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * First in the pipeline of every client-initiated bidirectional stream, ahead of Netty's HTTP/3 request codec: reads
 * the stream's first variable-length integer. {@code 0x41} (WebTransport's stream signal) is followed by the session
 * id: the HTTP/3 handlers are removed and the stream becomes that session's Engine.IO stream
 * ({@link WtStreamConnection}); a stream for no open session, or a second stream of a session, is reset
 * ({@code WT_BUFFERED_STREAM_REJECTED}); a session id that cannot be a CONNECT stream's closes the connection
 * ({@code H3_ID_ERROR}). Anything else is an HTTP/3 request: this handler steps aside and the bytes go
 * on to the codec (which answers malformed frames with its HTTP/3 errors).
 */
final class WtStreamPeek extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(WtStreamPeek.class);
    /** The WebTransport bidirectional stream signal (draft-ietf-webtrans-http3). */
    static final long WT_STREAM = 0x41;
    /** The application error code of a stream refused for want of a session (WT_BUFFERED_STREAM_REJECTED). */
    static final int WT_BUFFERED_STREAM_REJECTED = 0x3994bd84;
    /** HTTP/3's H3_ID_ERROR: a session id that cannot be a CONNECT stream's (not client-initiated bidirectional). */
    static final int H3_ID_ERROR = 0x108;

    private final WtConnection connection;
    private ByteBuf buffered;

    WtStreamPeek(WtConnection connection) {
        this.connection = connection;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf in)) {
            ctx.fireChannelRead(msg);
            return;
        }
        ByteBuf buf = buffered == null ? in : ctx.alloc().heapBuffer().writeBytes(buffered).writeBytes(in);
        if (buffered != null) {
            buffered.release();
            buffered = null;
            in.release();
        }
        int start = buf.readerIndex();
        long type = Varint.read(buf);
        if (type == Varint.INCOMPLETE) {
            buffered = buf;
            return;
        }
        if (type != WT_STREAM) {
            buf.readerIndex(start);
            ctx.pipeline().remove(this);
            ctx.fireChannelRead(buf);
            return;
        }
        long sessionId = Varint.read(buf);
        if (sessionId == Varint.INCOMPLETE) {
            buf.readerIndex(start);
            buffered = buf;
            return;
        }
        QuicStreamChannel stream = (QuicStreamChannel) ctx.channel();
        if ((sessionId & 0x3) != 0) {
            log.debug("{}: WebTransport stream {} names session {}, not a client-initiated bidirectional stream:"
                    + " H3_ID_ERROR", connection, stream.streamId(), sessionId);
            buf.release();
            connection.channel().close(true, H3_ID_ERROR, io.netty.buffer.Unpooled.EMPTY_BUFFER);
            return;
        }
        ChannelPipeline p = ctx.pipeline();
        List<String> names = p.names();
        for (int i = names.indexOf(ctx.name()) + 1; i < names.size(); i++) {
            if (p.context(names.get(i)) != null) {
                p.remove(names.get(i));
            }
        }
        WtSession session = connection.session(sessionId);
        WtStreamConnection engineStream = session == null ? null
                : new WtStreamConnection(session, stream, connection.hook().options().maxHttpBufferSize());
        if (session == null || !session.attach(engineStream)) {
            log.debug("{}: WebTransport stream {} for {} session {}: reset", connection, stream.streamId(),
                    session == null ? "no open" : "an already attached", sessionId);
            buf.release();
            stream.shutdown(WT_BUFFERED_STREAM_REJECTED).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        p.replace(this, "zapsocket-wt-stream", engineStream);
        if (buf.isReadable()) {
            p.fireChannelRead(buf);
        } else {
            buf.release();
        }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (buffered != null) {
            ReferenceCountUtil.release(buffered);
            buffered = null;
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        handlerRemoved(ctx);
        ctx.fireChannelInactive();
    }
}
