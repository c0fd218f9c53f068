package io.zapsocket.bench.load;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * A raw Server-Sent Events client for the benchmarks: one HTTP/1.1 {@code GET} (as a browser's {@code EventSource}
 * sends it), then the response body (chunked or read-until-close) is cut into lines in place and every
 * {@code data:} line is reported with its first {@value #LINE_HEAD} bytes (enough for a sequence number); other
 * lines ({@code event:}, {@code id:}, {@code retry:}, comments) are only skipped.
 *
 * <p>Not thread-safe: everything runs on the {@link LoadGen}'s event loop.
 */
public final class SseClient extends ByteToMessageDecoder {

    /** Callbacks on the event loop. */
    public interface Listener {
        /** The {@code 200} response head arrived: the subscription is open. */
        default void onOpen(SseClient c) {
        }

        /** A {@code data:} line; {@code head} holds its first {@code len} bytes, valid during the call only. */
        default void onData(SseClient c, byte[] head, int len) {
        }

        /** The connection failed or closed (once). */
        default void onClosed(SseClient c, Throwable cause) {
        }
    }

    static final int LINE_HEAD = 40;
    private static final int HEADER_LIMIT = 16 * 1024;

    private enum State { HEAD, SIZE, DATA, DATA_END, BODY, DONE }

    private final int index;
    private final String path;
    private final Listener listener;
    private final byte[] line = new byte[LINE_HEAD];
    private int lineLen;
    private State state = State.HEAD;
    private long remaining;
    private Channel ch;
    private boolean open;
    private boolean closed;
    /** Connect start (nanoTime), set by the caller. */
    public long startedAt;

    /** @param path request target, e.g. {@code /zap/sse?room=r} */
    public SseClient(int index, String path, Listener listener) {
        this.index = index;
        this.path = path;
        this.listener = listener;
    }

    public int index() {
        return index;
    }

    /** Whether the 200 response head ever arrived (even if the stream closed since). */
    public boolean wasOpened() {
        return open;
    }

    public boolean isOpen() {
        return open && !closed;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        ch = ctx.channel();
        String host = ch.remoteAddress().toString();
        host = host.substring(host.indexOf('/') + 1);
        String req = "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nAccept: text/event-stream\r\n"
                + "Cache-Control: no-cache\r\n\r\n";
        ch.writeAndFlush(ch.alloc().buffer(req.length()).writeBytes(req.getBytes(StandardCharsets.US_ASCII)),
                ch.voidPromise());
        super.channelActive(ctx);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.isReadable() && !closed) {
            switch (state) {
                case HEAD -> {
                    int headEnd = headEnd(in);
                    if (headEnd < 0) {
                        if (in.readableBytes() > HEADER_LIMIT) {
                            fail(new IllegalStateException("no end of HTTP response head"));
                        }
                        return;
                    }
                    String head = in.toString(in.readerIndex(), headEnd - in.readerIndex(),
                            StandardCharsets.ISO_8859_1);
                    in.readerIndex(headEnd + 4);
                    if (!head.startsWith("HTTP/1.1 200")) {
                        in.skipBytes(in.readableBytes());
                        fail(new IllegalStateException("SSE refused: " + head.lines().findFirst().orElse("")));
                        return;
                    }
                    state = head.toLowerCase(Locale.ROOT).contains("transfer-encoding: chunked") ? State.SIZE
                            : State.BODY;
                    open = true;
                    listener.onOpen(this);
                }
                case SIZE -> {
                    int lf = in.indexOf(in.readerIndex(), in.writerIndex(), (byte) '\n');
                    if (lf < 0) {
                        if (in.readableBytes() > 64) {
                            fail(new IllegalStateException("bad chunk size line"));
                        }
                        return;
                    }
                    long size = 0;
                    for (int i = in.readerIndex(); i < lf; i++) {
                        int d = Character.digit(in.getByte(i), 16);
                        if (d < 0) {
                            break; // ';' extensions or '\r'
                        }
                        size = size * 16 + d;
                    }
                    in.readerIndex(lf + 1);
                    if (size == 0) {
                        state = State.DONE;
                        ch.close();
                        return;
                    }
                    remaining = size;
                    state = State.DATA;
                }
                case DATA -> {
                    int n = (int) Math.min(remaining, in.readableBytes());
                    feed(in, in.readerIndex(), in.readerIndex() + n);
                    in.skipBytes(n);
                    remaining -= n;
                    if (remaining == 0) {
                        state = State.DATA_END;
                    }
                }
                case DATA_END -> {
                    if (in.readableBytes() < 2) {
                        return;
                    }
                    in.skipBytes(2);
                    state = State.SIZE;
                }
                case BODY -> {
                    feed(in, in.readerIndex(), in.writerIndex());
                    in.skipBytes(in.readableBytes());
                }
                default -> in.skipBytes(in.readableBytes());
            }
        }
    }

    /** Cuts {@code [from, to)} of the event stream into lines, keeping the head of the current line. */
    private void feed(ByteBuf in, int from, int to) {
        int i = from;
        while (i < to) {
            int lf = in.indexOf(i, to, (byte) '\n');
            int end = lf < 0 ? to : lf;
            int n = Math.min(end - i, line.length - lineLen);
            if (n > 0) {
                in.getBytes(i, line, lineLen, n);
                lineLen += n;
            }
            if (lf < 0) {
                return;
            }
            if (lineLen >= 5 && line[0] == 'd' && line[1] == 'a' && line[2] == 't' && line[3] == 'a'
                    && line[4] == ':') {
                listener.onData(this, line, lineLen);
            }
            lineLen = 0;
            i = lf + 1;
        }
    }

    private static int headEnd(ByteBuf in) {
        int to = in.writerIndex();
        for (int i = in.readerIndex(); i + 3 < to; i++) {
            if (in.getByte(i) == '\r' && in.getByte(i + 1) == '\n' && in.getByte(i + 2) == '\r'
                    && in.getByte(i + 3) == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** Closes with RST (SO_LINGER 0): a benchmark run leaves no TIME_WAIT sockets behind. */
    public void abort() {
        if (ch != null && ch.isOpen()) {
            ch.config().setOption(ChannelOption.SO_LINGER, 0);
            ch.close();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        notifyClosed(null);
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        fail(cause);
    }

    private void fail(Throwable cause) {
        notifyClosed(cause);
        if (ch != null) {
            ch.close();
        }
    }

    /** Reports a failure that happened before the handler was active (e.g. the connect failed). */
    public void notifyClosed(Throwable cause) {
        if (!closed) {
            closed = true;
            listener.onClosed(this, cause);
        }
    }
}
