package io.zapsocket.server.internal.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.LastHttpContent;

/**
 * A streamed HTTP/1.1 response body (chunked), e.g. Server-Sent Events: {@link HttpExchange#respondStream} wrote
 * the head; {@link #write} appends chunks; {@link #close} ends the body and the connection. Event loop only
 * ({@link #eventLoop()}), except {@link #close}. {@link #writeChunk} takes bytes already framed as a chunk (a
 * broadcast's, shared by every stream it reaches) and leaves the flush to the caller.
 */
public final class HttpStream {
    private final Channel channel;
    /** The HTTP codec's context: a write from it skips the codec, for bytes already framed as a chunk. */
    private final ChannelHandlerContext codec;
    private boolean closed;

    HttpStream(Channel channel, ChannelHandlerContext codec) {
        this.channel = channel;
        this.codec = codec;
    }

    public EventLoop eventLoop() {
        return channel.eventLoop();
    }

    /** Appends {@code text} (UTF-8) and flushes it; ignored once closed. Event loop only. */
    public void write(CharSequence text) {
        if (closed || !channel.isActive()) {
            return;
        }
        ByteBuf buf = ByteBufUtil.writeUtf8(channel.alloc(), text);
        channel.writeAndFlush(new DefaultHttpContent(buf), channel.voidPromise());
    }

    /**
     * Queues {@code chunk}, one whole HTTP/1.1 chunk ({@code <hex size>\r\n<data>\r\n}, encoded by the caller),
     * without flushing: the caller {@link #flush}es, once per event-loop tick however many chunks it queued. Takes
     * ownership of {@code chunk} (released here when the stream is closed). Event loop only.
     */
    public void writeChunk(ByteBuf chunk) {
        if (closed || !channel.isActive()) {
            chunk.release();
            return;
        }
        if (codec != null) {
            codec.write(chunk, channel.voidPromise());
        } else {
            channel.write(chunk, channel.voidPromise());
        }
    }

    /** Flushes what {@link #writeChunk} queued. Event loop only. */
    public void flush() {
        if (!closed) {
            channel.flush();
        }
    }

    /** Whether the socket takes more without queueing past its high-water mark. */
    public boolean isWritable() {
        return channel.isWritable();
    }

    /** Bytes written but not yet taken by the socket. */
    public long pendingBytes() {
        io.netty.channel.ChannelOutboundBuffer out = channel.unsafe().outboundBuffer();
        return out == null ? 0 : out.totalPendingWriteBytes();
    }

    public boolean isOpen() {
        return !closed && channel.isActive();
    }

    /** Runs {@code listener} once the connection has closed (at once when it already has). */
    public void onClose(Runnable listener) {
        channel.closeFuture().addListener(f -> listener.run());
    }

    /**
     * Ends the body and closes the connection at once (a reader that does not read is not waited for: what it has
     * not taken is discarded). Idempotent; any thread.
     */
    public void close() {
        if (!eventLoop().inEventLoop()) {
            eventLoop().execute(this::close);
            return;
        }
        if (closed) {
            return;
        }
        closed = true;
        if (channel.isActive()) {
            channel.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT, channel.voidPromise());
            channel.close();
        }
    }
}
