package io.zapsocket.server.internal.transport;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;

import java.util.List;
import java.util.concurrent.RejectedExecutionException;

/**
 * A server-side WebSocket after a successful handshake. Outbound methods may be called from any thread: they
 * hop onto the channel's event loop, so calls made from one thread keep their order. Inbound messages go to the
 * {@link WsListener} given at upgrade time.
 */
public final class WsConnection {
    private final Channel channel;
    private final WsListener listener;
    // channel-loop state
    private boolean closeSent;
    private boolean closedNotified;

    WsConnection(Channel channel, WsListener listener) {
        this.channel = channel;
        this.listener = listener;
    }

    public Channel channel() {
        return channel;
    }

    /** Whether the channel's outbound buffer is below its high water mark. Thread-safe. */
    public boolean isWritable() {
        return channel.isWritable();
    }

    /** Bytes the channel takes before it turns unwritable (0 when unwritable). Thread-safe. */
    public long bytesBeforeUnwritable() {
        return channel.bytesBeforeUnwritable();
    }

    /**
     * Bytes written to the channel but not yet sent to the socket, derived from the water marks (public channel
     * API only). Thread-safe; a snapshot.
     */
    public long pendingBytes() {
        io.netty.channel.WriteBufferWaterMark marks = channel.config().getWriteBufferWaterMark();
        if (channel.isWritable()) {
            return Math.max(0, marks.high() - channel.bytesBeforeUnwritable());
        }
        return marks.low() + channel.bytesBeforeWritable();
    }

    /** Closes the connection without a close frame, discarding unsent data (e.g. a client that reads too slowly). */
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
    public void write(List<OutFrame> frames) {
        if (frames.isEmpty()) {
            return;
        }
        onLoop(() -> {
            if (closeSent || !channel.isActive()) {
                return;
            }
            for (OutFrame f : frames) {
                channel.write(WsDeflate.frame(f, Unpooled.wrappedBuffer(f.data())), channel.voidPromise());
            }
            channel.flush();
        });
    }

    /** Sends a close frame without status (like Node's {@code ws.close()}) and closes the connection. Idempotent. */
    public void close() {
        onLoop(() -> sendClose(new CloseWebSocketFrame()));
    }

    /** Sends a close frame with a status code and reason, then closes the connection. Idempotent. */
    public void close(WebSocketCloseStatus status) {
        onLoop(() -> sendClose(new CloseWebSocketFrame(status)));
    }

    void sendClose(CloseWebSocketFrame frame) {
        if (closeSent || !channel.isActive()) {
            frame.release();
            if (!closeSent) {
                closeSent = true;
                channel.close();
            }
            return;
        }
        closeSent = true;
        channel.writeAndFlush(frame).addListener(ChannelFutureListener.CLOSE);
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
