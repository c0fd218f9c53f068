package io.zapsocket.webtransport.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.zapsocket.server.internal.transport.CorkCache;
import io.zapsocket.server.internal.transport.MessageConnection;
import io.zapsocket.server.internal.transport.OutFrame;
import io.zapsocket.server.internal.transport.WsListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Engine.IO stream of one WebTransport session: the client's bidirectional stream (its WebTransport signal and
 * session id already read), carrying packets in engine.io-parser's stream framing ({@link StreamFraming}). Its first
 * packet is the open packet ({@code 0}, or {@code 0{"sid":"..."}} to upgrade a polling session), handed to the
 * engine's {@code StreamTransports}; the next ones go to the {@link WsListener} it returns. As a
 * {@link MessageConnection} it writes what the session's outbox flushes, in the same framing.
 *
 * <p>Confined to the stream's event loop (the QUIC connection's), except the thread-safe {@code MessageConnection}
 * methods, which hop there.
 */
final class WtStreamConnection extends ChannelInboundHandlerAdapter implements MessageConnection {
    private static final Logger log = LoggerFactory.getLogger(WtStreamConnection.class);
    private static final Pattern SID = Pattern.compile("\\{\\s*\"sid\"\\s*:\\s*\"([A-Za-z0-9_\\-]{1,64})\"\\s*}");

    private final WtSession session;
    private final QuicStreamChannel channel;
    private final StreamFraming.Decoder decoder;
    // stream-loop state
    private WsListener listener;
    private boolean failed;
    private boolean closeSent;
    private boolean closedNotified;

    /**
     * A QUIC stream is writable while the peer's flow-control window has room ({@code bytesBeforeUnwritable} is that
     * room): the session's outbox writes no more than that and keeps the rest, within its budget
     * ({@code maxBufferedBytes}), as it does for a WebSocket whose socket is full.
     */
    WtStreamConnection(WtSession session, QuicStreamChannel channel, int maxPayload) {
        this.session = session;
        this.channel = channel;
        this.decoder = new StreamFraming.Decoder(maxPayload);
    }

    // ------------------------------------------------------------------ inbound

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf buf)) {
            io.netty.util.ReferenceCountUtil.release(msg);
            return;
        }
        if (failed) {
            buf.release();
            return;
        }
        decoder.decode(buf, this::onPacket, this::onFramingError);
    }

    private void onPacket(boolean binary, ByteBuf payload) {
        if (failed) {
            return;
        }
        WsListener l = listener;
        if (l != null) {
            if (binary) {
                byte[] data = new byte[payload.readableBytes()];
                payload.readBytes(data);
                l.onBinary(data);
            } else {
                l.onText(payload);
            }
            return;
        }
        // the open packet: "0" for a new session, 0{"sid":"..."} for an upgrade
        String text = binary ? null : payload.toString(StandardCharsets.UTF_8);
        if (text == null || text.isEmpty() || text.charAt(0) != '0') {
            log.debug("WebTransport session {}: invalid handshake (first packet {})", session,
                    binary ? "binary" : "'" + abbreviate(text) + "'");
            failed = true;
            session.close("invalid handshake");
            return;
        }
        String sid = null;
        if (text.length() > 1) {
            Matcher m = SID.matcher(text.substring(1));
            if (!m.matches()) {
                log.debug("WebTransport session {}: invalid handshake data '{}'", session, abbreviate(text));
                failed = true;
                session.close("invalid handshake");
                return;
            }
            sid = m.group(1);
        }
        session.handshakeReceived();
        listener = session.hook().open(this, session.request(), sid, reason -> {
            log.debug("WebTransport session {}: refused: {}", session, reason);
            failed = true;
            session.close(reason);
        });
    }

    private void onFramingError(String message) {
        failed = true;
        log.debug("WebTransport session {}: {}", session, message);
        if (listener != null) {
            listener.onParseError(message);
        } else {
            session.close("parse error");
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (channel.isWritable() && listener != null && !closedNotified) {
            listener.onWritable();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof io.netty.channel.socket.ChannelInputShutdownReadComplete) {
            // the client ended its side of the stream: the transport is closed
            session.close("stream closed by the client");
        }
        io.netty.util.ReferenceCountUtil.release(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("WebTransport session {}: stream error: {}", session, cause.toString());
        if (listener != null && !closedNotified) {
            listener.onError(cause);
        }
        session.close("stream error");
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        decoder.release();
        notifyClosed();
        session.close("stream closed");
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        decoder.release();
    }

    /** Tells the listener, once, that the transport is gone. */
    void notifyClosed() {
        if (!closedNotified) {
            closedNotified = true;
            if (listener != null) {
                listener.onClose();
            }
        }
    }

    // ------------------------------------------------------------------ MessageConnection

    @Override
    public Channel channel() {
        return channel;
    }

    @Override
    public boolean isWritable() {
        return channel.isWritable();
    }

    @Override
    public long bytesBeforeUnwritable() {
        return channel.bytesBeforeUnwritable();
    }

    /**
     * Always 0: what the stream accepted is within the peer's flow-control window (QUIC buffers it until it is
     * acknowledged, bounded by that window); what it did not accept waits in the session's outbox, which counts it.
     */
    @Override
    public long pendingBytes() {
        return 0;
    }

    @Override
    public void write(List<OutFrame> frames) {
        if (frames.isEmpty()) {
            return;
        }
        onLoop(() -> writeAndFlush(frames));
    }

    @Override
    public void writeOnLoop(List<OutFrame> frames, CorkCache corks) {
        if (!frames.isEmpty()) {
            writeAndFlush(frames);
        }
    }

    private void writeAndFlush(List<OutFrame> frames) {
        if (closeSent || !channel.isActive()) {
            return;
        }
        channel.writeAndFlush(StreamFraming.encode(frames, channel.alloc()), channel.voidPromise());
    }

    @Override
    public void close(long forceAfterNanos) {
        onLoop(() -> {
            if (closeSent) {
                return;
            }
            closeSent = true;
            session.closeAfterFlush(forceAfterNanos);
        });
    }

    @Override
    public void abort() {
        onLoop(() -> {
            closeSent = true;
            session.close("aborted");
        });
    }

    private void onLoop(Runnable r) {
        if (channel.eventLoop().inEventLoop()) {
            r.run();
        } else {
            try {
                channel.eventLoop().execute(r);
            } catch (RejectedExecutionException e) {
                // shutting down: the channel closes with its loop
            }
        }
    }

    private static String abbreviate(String s) {
        return s == null ? "" : s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }

    @Override
    public String toString() {
        return "WtStreamConnection" + channel;
    }
}
