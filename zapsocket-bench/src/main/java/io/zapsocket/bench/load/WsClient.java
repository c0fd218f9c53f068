package io.zapsocket.bench.load;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * A raw WebSocket client speaking just enough Engine.IO v4 / Socket.IO v5 for the benchmarks, with no codec
 * objects: frames are parsed in place in the receive buffer and the listener gets index ranges. It answers the
 * open packet with {@code 40}, pings with {@code 3}, WebSocket pings with pongs, and reports the CONNECT reply,
 * acks (with their id) and events. Outbound frames are masked (a fresh key per frame, as RFC 6455 asks).
 *
 * <p>Not thread-safe: everything runs on the {@link LoadGen}'s event loop.
 */
public final class WsClient extends ByteToMessageDecoder {

    /** Callbacks on the event loop. Ranges are {@code [from, to)} in {@code buf}, valid during the call only. */
    public interface Listener {
        /** The Socket.IO CONNECT reply ({@code 40{...}}) arrived: the socket is usable. */
        default void onConnected(WsClient c) {
        }

        /** An ack {@code 43<id>[...]}. */
        default void onAck(WsClient c, long id, ByteBuf buf, int from, int to) {
        }

        /** An event {@code 42[...]}. */
        default void onEvent(WsClient c, ByteBuf buf, int from, int to) {
        }

        /** The connection failed or closed (once). */
        default void onClosed(WsClient c, Throwable cause) {
        }
    }

    private static final byte[] CONNECT = {'4', '0'};
    /** {@code {type: 0, nsp: "/"}} in MessagePack: the CONNECT of {@code socket.io-msgpack-parser}. */
    private static final byte[] CONNECT_MSGPACK = {(byte) 0x82, (byte) 0xa4, 't', 'y', 'p', 'e', 0, (byte) 0xa3, 'n',
        's', 'p', (byte) 0xa1, '/'};
    private static final byte[] PONG = {'3'};
    private static final int HEADER_LIMIT = 16 * 1024;

    private final int index;
    private final Listener listener;
    private final String path;
    private final boolean msgpack;
    private Channel ch;
    private boolean upgraded;
    private boolean connected;
    private boolean closed;
    private int maskSeed;
    /** Free for the scenario: e.g. the next ack id. */
    public long nextId;
    /** Free for the scenario: e.g. send times by ack id. */
    public long[] times;
    /** Free for the scenario: e.g. acks outstanding. */
    public int inFlight;
    /** Connect start (nanoTime), set by the caller; handshake latency = connected time - this. */
    public long startedAt;
    /** Engine.IO pings answered (heartbeats the server sent). */
    public int pingsAnswered;
    /** A frame was written without a flush: flushed at the end of the current read at the latest. */
    private boolean unflushed;
    /** permessage-deflate offered ({@link #offerDeflate}); the inflater when this client inflates what it gets. */
    private boolean offerDeflate;
    private Inflater inflater;
    private boolean inflateAll;
    private byte[] inflated;
    /** The payload size on the wire of the frame being handled (during a listener call). */
    public int lastFrameBytes() {
        return lastFrameBytes;
    }

    /** Whether the frame being handled had RSV1 set: compressed with permessage-deflate. */
    public boolean lastFrameCompressed() {
        return lastFrameCompressed;
    }

    /** The server's {@code Sec-WebSocket-Extensions} answer ({@code ""}: none), once upgraded. */
    private String extensions;
    /** The payload size (on the wire) and RSV1 of the frame being handled. */
    private int lastFrameBytes;
    private boolean lastFrameCompressed;
    /** JSON parser: binary attachments still to come for the current BINARY_EVENT / BINARY_ACK ({@code 45}/{@code 46}). */
    private int attachmentsPending;
    /** The ack id of the pending BINARY_ACK, or -1 for a pending BINARY_EVENT. */
    private long pendingAckId;

    public WsClient(int index, String path, Listener listener) {
        this(index, path, false, listener);
    }

    /**
     * @param msgpack speak {@code socket.io-msgpack-parser} (Socket.IO packets are MessagePack maps in binary
     *                frames; Engine.IO open/ping/pong stay text) instead of the default JSON parser
     */
    public WsClient(int index, String path, boolean msgpack, Listener listener) {
        this.index = index;
        this.path = path;
        this.msgpack = msgpack;
        this.listener = listener;
        this.maskSeed = index * 0x9E3779B9 + 1;
    }

    /** Engine.IO over WebSocket on the default Socket.IO path. */
    public static WsClient socketIo(int index, Listener listener) {
        return new WsClient(index, "/socket.io/?EIO=4&transport=websocket", listener);
    }

    /** Engine.IO over WebSocket on the default Socket.IO path, with {@code socket.io-msgpack-parser} packets. */
    public static WsClient socketIoMsgpack(int index, Listener listener) {
        return new WsClient(index, "/socket.io/?EIO=4&transport=websocket", true, listener);
    }

    public int index() {
        return index;
    }

    /**
     * Offers permessage-deflate ({@code permessage-deflate; client_max_window_bits}, as Node's {@code ws} client) in
     * the handshake; call before connecting. Compressed frames are inflated (keeping the window between messages,
     * which also reads messages compressed without context takeover) and handled like any frame, except, without
     * {@code inflateAll}, text frames of at least {@value #SKIP_INFLATE_BYTES} compressed bytes: those are reported
     * as events without inflating them (the range is the compressed bytes), and the window starts over; a smaller
     * frame that then fails to inflate (it refers to a skipped message: with context takeover a message much like
     * the one before compresses to a few bytes) is reported as an event too. For scenarios whose large messages are
     * all events and which only count them (it keeps zlib off the generator's core); the open packet (Node's
     * {@code ws} compresses it too), the CONNECT reply, acks and pings are still read.
     * This client never compresses what it sends.
     */
    public WsClient offerDeflate(boolean inflateAll) {
        offerDeflate = true;
        this.inflateAll = inflateAll;
        inflater = new Inflater(true);
        inflated = new byte[4 * 1024];
        return this;
    }

    /** Compressed size from which a text frame is counted as an event without inflating (see offerDeflate). */
    public static final int SKIP_INFLATE_BYTES = 160;

    /** The server's {@code Sec-WebSocket-Extensions} answer ({@code ""} for none; {@code null} before the upgrade). */
    public String extensions() {
        return extensions;
    }

    public Channel channel() {
        return ch;
    }

    public boolean isConnected() {
        return connected && !closed;
    }

    /** Whether the CONNECT reply ever arrived (even if the client closed since). */
    public boolean isConnectedOnce() {
        return connected;
    }

    /**
     * What a read's callbacks wrote without flushing (e.g. the next echoes of a closed loop, one per ack that arrived
     * in this read) leaves in one write: a client answering a batch of frames sends a batch.
     */
    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
        if (unflushed) {
            unflushed = false;
            ctx.flush();
        }
        super.channelReadComplete(ctx);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        ch = ctx.channel();
        String host = ch.remoteAddress().toString();
        host = host.substring(host.indexOf('/') + 1);
        String req = "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                + (offerDeflate ? "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n" : "")
                + "\r\n";
        ch.writeAndFlush(ch.alloc().buffer(req.length()).writeBytes(req.getBytes(StandardCharsets.US_ASCII)),
                ch.voidPromise());
        super.channelActive(ctx);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (!upgraded) {
            int end = indexOf(in, in.readerIndex(), in.writerIndex());
            if (end < 0) {
                if (in.readableBytes() > HEADER_LIMIT) {
                    fail(new IllegalStateException("no end of HTTP response head"));
                }
                return;
            }
            if (!startsWith(in, in.readerIndex(), "HTTP/1.1 101")) {
                String head = in.toString(in.readerIndex(), Math.min(80, end - in.readerIndex()),
                        StandardCharsets.ISO_8859_1);
                in.skipBytes(in.readableBytes());
                fail(new IllegalStateException("WebSocket upgrade refused: " + head));
                return;
            }
            if (offerDeflate) {
                extensions = header(in.toString(in.readerIndex(), end - in.readerIndex(), StandardCharsets.ISO_8859_1),
                        "sec-websocket-extensions");
            }
            in.readerIndex(end + 4);
            upgraded = true;
        }
        while (in.readableBytes() >= 2 && !closed) {
            int r = in.readerIndex();
            int b0 = in.getUnsignedByte(r);
            int b1 = in.getUnsignedByte(r + 1);
            int header = 2;
            long len = b1 & 0x7f;
            if (len == 126) {
                if (in.readableBytes() < 4) {
                    return;
                }
                len = in.getUnsignedShort(r + 2);
                header = 4;
            } else if (len == 127) {
                if (in.readableBytes() < 10) {
                    return;
                }
                len = in.getLong(r + 2);
                header = 10;
            }
            if ((b1 & 0x80) != 0 || len > (1 << 24)) {
                in.skipBytes(in.readableBytes());
                fail(new IllegalStateException("masked or oversized frame from the server"));
                return;
            }
            if (in.readableBytes() < header + len) {
                return;
            }
            int from = r + header;
            int to = (int) (from + len);
            lastFrameBytes = to - from;
            lastFrameCompressed = (b0 & 0x40) != 0;
            if (lastFrameCompressed) {
                onCompressed(b0 & 0x0f, in, from, to);
            } else {
                onFrame(b0 & 0x0f, in, from, to);
            }
            in.readerIndex(to);
        }
    }

    private void onFrame(int opcode, ByteBuf buf, int from, int to) {
        switch (opcode) {
            case 1 -> onText(buf, from, to);
            case 2 -> {
                if (msgpack) {
                    onBinary(buf, from, to);
                } else {
                    onAttachment(buf, from, to);
                }
            }
            case 8 -> ch.close();
            case 9 -> sendFrame(0xA, buf, from, to);
            default -> {
                // continuation, pong: not used by the scenarios
            }
        }
    }

    /** A frame with RSV1 (permessage-deflate): inflated and handled, or counted as an event (see offerDeflate). */
    private void onCompressed(int opcode, ByteBuf buf, int from, int to) {
        int len = to - from;
        if (inflater == null) {
            fail(new IllegalStateException("a compressed frame, but permessage-deflate was not offered"));
            return;
        }
        if (!inflateAll && opcode == 1 && len >= SKIP_INFLATE_BYTES) {
            inflater.reset(); // what follows must not refer to this message's text: it is not in the window
            listener.onEvent(this, buf, from, to);
            return;
        }
        byte[] in = new byte[len + 4];
        buf.getBytes(from, in, 0, len);
        in[len + 2] = (byte) 0xff; // the sync flush tail the sender removed (RFC 7692 section 7.2.2)
        in[len + 3] = (byte) 0xff;
        inflater.setInput(in);
        int n = 0;
        try {
            for (;;) {
                n += inflater.inflate(inflated, n, inflated.length - n);
                if (n < inflated.length) {
                    break;
                }
                inflated = java.util.Arrays.copyOf(inflated, inflated.length * 2);
            }
        } catch (DataFormatException e) {
            if (inflateAll) {
                fail(e);
            } else {
                // it refers to a message this client did not inflate (context takeover): only a message that came
                // after the first skipped one can, and the only such messages are events (the open packet, the
                // CONNECT reply and the acks came before; a ping is too short to refer to anything)
                inflater.reset();
                if (opcode == 1) {
                    listener.onEvent(this, buf, from, to);
                }
            }
            return;
        }
        ByteBuf plain = Unpooled.wrappedBuffer(inflated, 0, n);
        onFrame(opcode, plain, 0, n);
    }

    private static String header(String head, String name) {
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        return "";
    }

    private void onText(ByteBuf buf, int from, int to) {
        if (to - from < 1) {
            return;
        }
        switch (buf.getByte(from)) {
            case '4' -> {
                if (to - from < 2) {
                    return;
                }
                byte t = buf.getByte(from + 1);
                if (t == '2') {
                    listener.onEvent(this, buf, from, to);
                } else if (t == '3') {
                    long id = 0;
                    int i = from + 2;
                    for (byte c; i < to && (c = buf.getByte(i)) >= '0' && c <= '9'; i++) {
                        id = id * 10 + (c - '0');
                    }
                    listener.onAck(this, id, buf, i, to);
                } else if (t == '0' && !connected) {
                    connected = true;
                    listener.onConnected(this);
                } else if (t == '5' || t == '6') {
                    binaryHeader(t == '6', buf, from + 2, to);
                }
            }
            case '2' -> {
                pingsAnswered++;
                sendText(PONG, true);
            }
            case '0' -> {
                if (msgpack) {
                    sendBinary(CONNECT_MSGPACK, true);
                } else {
                    sendText(CONNECT, true);
                }
            }
            case '1' -> ch.close();
            default -> {
                // noop, upgrade: not expected on a WebSocket-only session
            }
        }
    }

    /**
     * The text part of a BINARY_EVENT ({@code 45<n>-[...]}) or BINARY_ACK ({@code 46<n>-<id>[...]}) of the JSON
     * parser: the packet is reported once its {@code n} binary attachments arrived.
     */
    private void binaryHeader(boolean ack, ByteBuf buf, int at, int to) {
        int n = 0;
        int i = at;
        for (byte c; i < to && (c = buf.getByte(i)) >= '0' && c <= '9'; i++) {
            n = n * 10 + (c - '0');
        }
        if (i >= to || buf.getByte(i) != '-') {
            fail(new IllegalStateException("malformed binary packet header from the server"));
            return;
        }
        long id = -1;
        if (ack) {
            id = 0;
            for (byte c; ++i < to && (c = buf.getByte(i)) >= '0' && c <= '9'; ) {
                id = id * 10 + (c - '0');
            }
        }
        if (n == 0) {
            report(id, buf, i, to);
            return;
        }
        attachmentsPending = n;
        pendingAckId = id;
    }

    /** A binary frame of the JSON parser: an attachment of the pending binary packet; the last one reports it. */
    private void onAttachment(ByteBuf buf, int from, int to) {
        if (attachmentsPending == 0) {
            fail(new IllegalStateException("binary frame without a binary packet header"));
            return;
        }
        if (--attachmentsPending == 0) {
            report(pendingAckId, buf, from, to);
        }
    }

    /** Reports an ack ({@code id} ≥ 0) or an event ({@code id} = -1) whose last part is {@code [from, to)}. */
    private void report(long id, ByteBuf buf, int from, int to) {
        if (id >= 0) {
            listener.onAck(this, id, buf, from, to);
        } else {
            listener.onEvent(this, buf, from, to);
        }
    }

    /** A {@code socket.io-msgpack-parser} packet: CONNECT reply, EVENT or ACK (anything else is ignored). */
    private void onBinary(ByteBuf buf, int from, int to) {
        MsgpackScan.Packet p = MsgpackScan.packet(buf, from, to);
        if (p == null) {
            fail(new IllegalStateException("malformed MessagePack packet from the server"));
            return;
        }
        switch (p.type()) {
            case 0 -> {
                if (!connected) {
                    connected = true;
                    listener.onConnected(this);
                }
            }
            case 2 -> listener.onEvent(this, buf, p.dataFrom(), p.dataTo());
            case 3 -> listener.onAck(this, p.id(), buf, p.dataFrom(), p.dataTo());
            default -> {
                // DISCONNECT, CONNECT_ERROR: not expected in the scenarios
            }
        }
    }

    /** Sends one masked text frame; {@code flush} false leaves it for a later {@link #flush()}. */
    public void sendText(byte[] payload, boolean flush) {
        send(0x81, payload, flush);
    }

    /** Sends one masked binary frame; {@code flush} false leaves it for a later {@link #flush()}. */
    public void sendBinary(byte[] payload, boolean flush) {
        send(0x82, payload, flush);
    }

    private void send(int firstByte, byte[] payload, boolean flush) {
        if (closed) {
            return;
        }
        int len = payload.length;
        ByteBuf b = ch.alloc().ioBuffer(len + 14);
        b.writeByte(firstByte);
        writeLength(b, len);
        int mask = nextMask();
        b.writeInt(mask);
        int i = 0;
        // four bytes at a time (large payloads: the binary echo's 64 KB), then the tail
        for (int end = len & ~3; i < end; i += 4) {
            b.writeInt(((payload[i] & 0xff) << 24 | (payload[i + 1] & 0xff) << 16 | (payload[i + 2] & 0xff) << 8
                    | (payload[i + 3] & 0xff)) ^ mask);
        }
        for (; i < len; i++) {
            b.writeByte(payload[i] ^ (mask >>> (24 - 8 * (i & 3))));
        }
        if (flush) {
            ch.writeAndFlush(b, ch.voidPromise());
        } else {
            unflushed = true;
            ch.write(b, ch.voidPromise());
        }
    }

    public void flush() {
        unflushed = false;
        ch.flush();
    }

    private void sendFrame(int opcode, ByteBuf src, int from, int to) {
        int len = to - from;
        ByteBuf b = ch.alloc().ioBuffer(len + 14);
        b.writeByte(0x80 | opcode);
        writeLength(b, len);
        int mask = nextMask();
        b.writeInt(mask);
        for (int i = 0; i < len; i++) {
            b.writeByte(src.getByte(from + i) ^ (mask >>> (24 - 8 * (i & 3))));
        }
        ch.writeAndFlush(b, ch.voidPromise());
    }

    private static void writeLength(ByteBuf b, int len) {
        if (len < 126) {
            b.writeByte(0x80 | len);
        } else if (len < 65536) {
            b.writeByte(0x80 | 126).writeShort(len);
        } else {
            b.writeByte(0x80 | 127).writeLong(len);
        }
    }

    private int nextMask() {
        int x = maskSeed; // xorshift32: cheap and never zero
        x ^= x << 13;
        x ^= x >>> 17;
        x ^= x << 5;
        maskSeed = x;
        return x;
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

    private static int indexOf(ByteBuf in, int from, int to) {
        for (int i = from; i + 3 < to; i++) {
            if (in.getByte(i) == '\r' && in.getByte(i + 1) == '\n' && in.getByte(i + 2) == '\r'
                    && in.getByte(i + 3) == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static boolean startsWith(ByteBuf in, int at, String prefix) {
        if (in.writerIndex() - at < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (in.getByte(at + i) != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
