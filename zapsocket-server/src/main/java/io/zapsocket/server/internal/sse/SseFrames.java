package io.zapsocket.server.internal.sse;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.zapsocket.protocol.json.Json;
import io.zapsocket.protocol.msgpack.Msgpack;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * The text of Server-Sent Events: {@code id: <offset>} (when the event has one), {@code event: <name>},
 * {@code data: <JSON array of the arguments>}, a blank line. JSON never holds a raw line break, so one data line
 * is enough. A broadcast's frame is encoded once, with its HTTP/1.1 chunk framing, by {@link #chunk}; every
 * subscriber writes a duplicate of those bytes.
 */
final class SseFrames {
    private static final byte[] CRLF = {'\r', '\n'};
    /** How many broadcast chunks were encoded (tests check one per broadcast, whatever the subscriber count). */
    private static final LongAdder CHUNKS = new LongAdder();

    private SseFrames() {
    }

    static long chunksEncoded() {
        return CHUNKS.sum();
    }

    /**
     * {@code frame(e)} as one HTTP/1.1 chunk ({@code <hex size>\r\n<UTF-8 frame>\r\n}), ready for the socket: the
     * bytes every subscriber of a broadcast writes. The caller owns (releases) the buffer.
     */
    static ByteBuf chunk(Event e, ByteBufAllocator alloc) {
        String frame = frame(e);
        int size = ByteBufUtil.utf8Bytes(frame);
        byte[] head = Integer.toHexString(size).getBytes(StandardCharsets.US_ASCII);
        ByteBuf buf = alloc.directBuffer(head.length + 2 + size + 2);
        buf.writeBytes(head).writeBytes(CRLF);
        ByteBufUtil.reserveAndWriteUtf8(buf, frame, size);
        buf.writeBytes(CRLF);
        CHUNKS.increment();
        return buf;
    }

    /** What a broadcast looks like to SSE: its name, arguments and offset; {@code null} when it cannot be sent. */
    record Event(String name, List<Object> args, String offset) {
    }

    /**
     * Reads {@code [event, ...args, offset?]}; {@code null} for what SSE cannot carry: binary arguments, a name with
     * a line break.
     */
    static Event event(List<Object> data, boolean hasOffset) {
        if (data.isEmpty() || !(data.get(0) instanceof String name) || name.indexOf('\n') >= 0
                || name.indexOf('\r') >= 0) {
            return null;
        }
        int end = data.size();
        String offset = null;
        if (hasOffset && end > 1 && data.get(end - 1) instanceof String o) {
            offset = o;
            end--;
        }
        List<Object> args = data.subList(1, end);
        if (Msgpack.hasBinary(args)) {
            return null;
        }
        return new Event(name, args, offset);
    }

    static String frame(Event e) {
        StringBuilder sb = new StringBuilder(64);
        if (e.offset() != null) {
            sb.append("id: ").append(e.offset()).append('\n');
        }
        sb.append("event: ").append(e.name()).append('\n');
        sb.append("data: ");
        Json.write(e.args(), sb);
        return sb.append("\n\n").toString();
    }

    static String comment(String text) {
        return ": " + text + "\n\n";
    }

    static String retry(long millis) {
        return "retry: " + millis + "\n\n";
    }

    static String resync(String reason) {
        StringBuilder sb = new StringBuilder("event: zap:resync\ndata: {\"reason\":");
        Json.write(reason, sb);
        return sb.append("}\n\n").toString();
    }
}
