package io.zapsocket.server.internal.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundInvoker;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrameEncoder;

import java.util.List;
import java.util.concurrent.RejectedExecutionException;

/**
 * A server-side WebSocket after a successful handshake. Outbound methods may be called from any thread: they
 * hop onto the channel's event loop, so calls made from one thread keep their order. Inbound messages go to the
 * {@link WsListener} given at upgrade time.
 */
public final class WsConnection implements MessageConnection {
    /** {@link #deflateThreshold} of a connection without permessage-deflate: no frame is ever compressed. */
    static final int NO_DEFLATE = Integer.MAX_VALUE;
    /** {@link #sharedDeflateLevel} of a connection whose deflate encoder compresses every frame itself. */
    static final int NO_SHARED_DEFLATE = -1;
    /**
     * The largest frame (payload bytes) copied into a cork: when a flush writes several frames, runs of small
     * uncompressed ones are copied into one buffer and written as one (one outbound-buffer entry, one I/O vector),
     * the way uWebSockets corks a socket's sends. Larger frames are written as they are (shared across recipients).
     */
    static final int CORK_MAX_FRAME = 1024;
    /** The largest cork: a longer run of small frames goes in several. */
    static final int CORK_MAX_BYTES = 16 * 1024;

    private final Channel channel;
    private final WsListener listener;
    /** Frames of at least this many bytes whose message allows compression are compressed (permessage-deflate). */
    private final int deflateThreshold;
    /**
     * The deflate level of the compressed frames shared across connections ({@link OutFrame#deflatedWsFrame}) when
     * this connection negotiated {@code server_no_context_takeover} with a 15-bit window, else
     * {@link #NO_SHARED_DEFLATE}: its own encoder compresses.
     */
    private final int sharedDeflateLevel;
    // channel-loop state
    /**
     * The context of the channel's WebSocket frame encoder, where complete frames ({@link ByteBuf}s) enter the
     * pipeline (see {@link #frameWriter()}); looked up on the first write.
     */
    private ChannelHandlerContext encoderContext;
    private boolean closeSent;
    private boolean closedNotified;

    WsConnection(Channel channel, WsListener listener) {
        this(channel, listener, NO_DEFLATE);
    }

    /**
     * @param deflateThreshold the permessage-deflate threshold when the extension was negotiated (the encoder
     *                         compresses compressible frames of at least this size), else {@link #NO_DEFLATE}
     */
    WsConnection(Channel channel, WsListener listener, int deflateThreshold) {
        this(channel, listener, deflateThreshold, NO_SHARED_DEFLATE);
    }

    /**
     * @param sharedDeflateLevel when permessage-deflate was negotiated with {@code server_no_context_takeover} and
     *                           the default window: the level at which frames to compress are written as the
     *                           compressed frame they share with every such connection (past this connection's
     *                           deflate encoder); else {@link #NO_SHARED_DEFLATE}
     */
    WsConnection(Channel channel, WsListener listener, int deflateThreshold, int sharedDeflateLevel) {
        this.channel = channel;
        this.listener = listener;
        this.deflateThreshold = deflateThreshold;
        this.sharedDeflateLevel = sharedDeflateLevel;
    }

    @Override
    public Channel channel() {
        return channel;
    }

    /** Whether the channel's outbound buffer is below its high water mark. Thread-safe. */
    @Override
    public boolean isWritable() {
        return channel.isWritable();
    }

    /** Bytes the channel takes before it turns unwritable (0 when unwritable). Thread-safe. */
    @Override
    public long bytesBeforeUnwritable() {
        return channel.bytesBeforeUnwritable();
    }

    /**
     * Bytes written to the channel but not yet sent to the socket, derived from the water marks (public channel
     * API only; like the water marks themselves, it includes Netty's small per-message overhead). Thread-safe; a
     * snapshot.
     */
    @Override
    public long pendingBytes() {
        if (!channel.isActive()) {
            return 0; // nothing more will be sent, and the channel has no outbound buffer to measure
        }
        io.netty.channel.WriteBufferWaterMark marks = channel.config().getWriteBufferWaterMark();
        if (channel.isWritable()) {
            return Math.max(0, marks.high() - channel.bytesBeforeUnwritable());
        }
        long beforeWritable = channel.bytesBeforeWritable(); // Long.MAX_VALUE once the buffer is gone
        return beforeWritable == Long.MAX_VALUE ? 0 : marks.low() + beforeWritable;
    }

    /** Closes the connection without a close frame, discarding unsent data (e.g. a client that reads too slowly). */
    @Override
    public void abort() {
        onLoop(() -> {
            closeSent = true;
            channel.close();
        });
    }

    void notifyWritable() {
        if (!closedNotified) {
            listener.onWritable();
        }
    }

    public boolean isActive() {
        return channel.isActive();
    }

    /** Writes the frames (one WebSocket frame each) and flushes once. */
    @Override
    public void write(List<OutFrame> frames) {
        if (frames.isEmpty()) {
            return;
        }
        if (channel.eventLoop().inEventLoop()) {
            writeAndFlush(frames, null);
        } else {
            onLoop(() -> writeAndFlush(frames, null));
        }
    }

    /**
     * Like {@link #write(List)}, on the channel's loop, with that loop's cache of the last cork: a connection that
     * writes the same frames as the one before (the members of a room) writes a view of the same bytes.
     */
    @Override
    public void writeOnLoop(List<OutFrame> frames, CorkCache corks) {
        if (!frames.isEmpty()) {
            writeAndFlush(frames, corks);
        }
    }

    private void writeAndFlush(List<OutFrame> frames, CorkCache corks) {
        if (closeSent || !channel.isActive()) {
            return;
        }
        ChannelOutboundInvoker out = frameWriter();
        boolean throughEncoders = false;
        int n = frames.size();
        int i = 0;
        while (i < n) {
            OutFrame f = frames.get(i);
            // a run of corkable frames that fits one cork, and its length
            int end = i + 1;
            int bytes = corkedLength(f);
            if (bytes > 0) {
                int next;
                while (end < n && (next = corkedLength(frames.get(end))) > 0 && bytes + next <= CORK_MAX_BYTES) {
                    bytes += next;
                    end++;
                }
            }
            int count = end - i;
            if (count == 1) {
                Object wire = wireFrame(f);
                if (wire instanceof ByteBuf) {
                    out.write(wire, channel.voidPromise());
                } else {
                    channel.write(wire, channel.voidPromise()); // this connection's deflate encoder compresses it
                    throughEncoders = true;
                }
            } else {
                out.write(corks != null ? corks.cork(frames, i, count, bytes, this)
                        : buildCork(frames, i, count, bytes), channel.voidPromise());
            }
            i = end;
        }
        (throughEncoders ? channel : out).flush();
    }

    /**
     * Where this connection writes complete WebSocket frames: the context of the frame encoder, so that a write goes
     * from there straight to the handlers between it and the socket (TLS, if any) instead of passing every handler
     * from the pipeline's tail, each of which would let the buffer through (the frame handler, the deflate codec,
     * the frame decoder and encoder). A broadcast writes to thousands of channels in a row, and each context a
     * write passes is an object of that channel's own to load. The channel itself when there is no such encoder.
     */
    private ChannelOutboundInvoker frameWriter() {
        ChannelHandlerContext ctx = encoderContext;
        if (ctx == null || ctx.isRemoved()) {
            ctx = channel.pipeline().context(WebSocketFrameEncoder.class);
            encoderContext = ctx;
            if (ctx == null) {
                return channel;
            }
        }
        return ctx;
    }

    /**
     * The length of {@code f}'s WebSocket frame as this connection writes it if it may be copied into a cork, else 0.
     * Corkable are small frames ({@value #CORK_MAX_FRAME} bytes at most as written): uncompressed ones, and on a
     * connection without context takeover the compressed frames shared across connections (deflated here if not
     * yet), so copying costs less than writing each on its own (a view of a shared frame, a pipeline pass, an
     * outbound-buffer entry and an I/O vector each). Larger frames keep their shared bytes; frames this connection's
     * encoder compresses are never corked.
     */
    private int corkedLength(OutFrame f) {
        int n = f.data().length;
        if (!f.compress() || n < deflateThreshold) {
            return n <= CORK_MAX_FRAME ? f.wsFrameLength() : 0;
        }
        if (sharedDeflateLevel == NO_SHARED_DEFLATE) {
            return 0;
        }
        byte[] deflated = f.deflatedFrame(sharedDeflateLevel);
        return deflated != null && deflated.length <= CORK_MAX_FRAME + 4 ? deflated.length : 0; // header included
    }

    /**
     * What a cork of this connection holds is a function of the frames and of this key: two connections with the same
     * key write the same bytes for the same frames (see {@link CorkCache}). 0 when every corked frame is written
     * uncompressed (whatever the threshold: frames above it are not corked then).
     */
    long corkKey() {
        return sharedDeflateLevel == NO_SHARED_DEFLATE ? 0
                : ((long) deflateThreshold << 8 | sharedDeflateLevel) + 1;
    }

    /**
     * {@code count} frames from {@code from} on, as this connection writes them (see {@link #corkedLength}), one after
     * the other in one new buffer of {@code bytes} bytes.
     */
    ByteBuf buildCork(List<OutFrame> frames, int from, int count, int bytes) {
        ByteBuf b = channel.alloc().directBuffer(bytes, bytes);
        for (int j = from; j < from + count; j++) {
            OutFrame f = frames.get(j);
            if (!f.compress() || f.data().length < deflateThreshold) {
                f.writeWsFrame(b);
            } else {
                b.writeBytes(f.deflatedFrame(sharedDeflateLevel)); // corked only when it exists
            }
        }
        return b;
    }

    /**
     * What goes into the pipeline for {@code f}. A frame that leaves uncompressed (no permessage-deflate, a message
     * that opted out, or one under the threshold) is written as the bytes of its complete WebSocket frame, past the
     * frame and deflate encoders (which let a {@link ByteBuf} through): from its second connection on (a broadcast)
     * a view of bytes built once, else a buffer of its own. A frame to compress on a connection without context
     * takeover is written as the compressed frame it shares with the other such connections (deflated once, past the
     * deflate encoder: each message is a deflate stream of its own, so what the encoder sent before does not
     * matter). Any other frame to compress goes as a {@link io.netty.handler.codec.http.websocketx.WebSocketFrame}
     * through this connection's encoders.
     */
    private Object wireFrame(OutFrame f) {
        if (!f.compress() || f.data().length < deflateThreshold) {
            ByteBuf shared = f.sharedWsFrame();
            return shared != null ? shared : f.newWsFrame(channel.alloc());
        }
        if (sharedDeflateLevel != NO_SHARED_DEFLATE) {
            ByteBuf deflated = f.deflatedWsFrame(sharedDeflateLevel);
            if (deflated != null) {
                return deflated;
            }
        }
        return WsDeflate.frame(f, Unpooled.wrappedBuffer(f.data()));
    }

    /** Sends a close frame without status (like Node's {@code ws.close()}) and closes the connection. Idempotent. */
    public void close() {
        onLoop(() -> sendClose(new CloseWebSocketFrame()));
    }

    /**
     * Like {@link #close()}, but if the close frame (queued behind whatever is still unsent) has not been written
     * after {@code forceAfterNanos}, the connection is closed anyway: a client that stopped reading cannot hold
     * it open. Idempotent.
     */
    @Override
    public void close(long forceAfterNanos) {
        onLoop(() -> {
            io.netty.channel.ChannelFuture written = sendClose(new CloseWebSocketFrame());
            if (written != null && !written.isDone() && forceAfterNanos > 0) {
                io.netty.util.concurrent.ScheduledFuture<?> force = channel.eventLoop().schedule(() -> {
                    channel.close();
                }, forceAfterNanos, java.util.concurrent.TimeUnit.NANOSECONDS);
                channel.closeFuture().addListener(f -> force.cancel(false));
            }
        });
    }

    /** Sends a close frame with a status code and reason, then closes the connection. Idempotent. */
    public void close(WebSocketCloseStatus status) {
        onLoop(() -> sendClose(new CloseWebSocketFrame(status)));
    }

    /** Returns the write of the close frame, or {@code null} if none was written. */
    io.netty.channel.ChannelFuture sendClose(CloseWebSocketFrame frame) {
        if (closeSent || !channel.isActive()) {
            frame.release();
            if (!closeSent) {
                closeSent = true;
                channel.close();
            }
            return null;
        }
        closeSent = true;
        io.netty.channel.ChannelFuture written = channel.writeAndFlush(frame);
        written.addListener(ChannelFutureListener.CLOSE);
        return written;
    }

    /** Writes a close frame (once) without closing the channel yet. */
    void writeCloseFrame(CloseWebSocketFrame frame) {
        if (closeSent || !channel.isActive()) {
            frame.release();
        } else {
            closeSent = true;
            channel.writeAndFlush(frame, channel.voidPromise());
        }
    }

    void notifyError(Throwable cause) {
        if (!closedNotified) {
            listener.onError(cause);
        }
    }

    boolean closeSent() {
        return closeSent;
    }

    void markCloseSent() {
        closeSent = true;
    }

    WsListener listener() {
        return listener;
    }

    void notifyClosed() {
        if (!closedNotified) {
            closedNotified = true;
            listener.onClose();
        }
    }

    private void onLoop(Runnable r) {
        if (channel.eventLoop().inEventLoop()) {
            r.run();
        } else {
            try {
                channel.eventLoop().execute(r);
            } catch (RejectedExecutionException e) {
                // the loop is shutting down and closes the channel itself; the frames are unpooled heap wrappers
            }
        }
    }

    @Override
    public String toString() {
        return "WsConnection" + channel;
    }
}
