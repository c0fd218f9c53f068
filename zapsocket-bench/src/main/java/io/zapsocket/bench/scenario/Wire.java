package io.zapsocket.bench.scenario;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Socket.IO packets the scenarios send, assembled from prebuilt parts (the generator must stay cheap). */
final class Wire {
    private Wire() {
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** {@code 42<id>} followed by {@code tail} (e.g. {@code ["echo","x"]}). */
    static byte[] event(long id, byte[] tail) {
        byte[] digits = ascii(Long.toString(id));
        byte[] out = new byte[2 + digits.length + tail.length];
        out[0] = '4';
        out[1] = '2';
        System.arraycopy(digits, 0, out, 2, digits.length);
        System.arraycopy(tail, 0, out, 2 + digits.length, tail.length);
        return out;
    }

    /** A {@code size}-character payload starting with a 10-digit sequence number: {@code 0000000042:xxxx...}. */
    static String seqPayload(long seq, int size) {
        char[] c = new char[size];
        Arrays.fill(c, 'x');
        String s = String.format("%010d:", seq);
        s.getChars(0, s.length(), c, 0);
        return new String(c);
    }

    /**
     * The sequence number of a delivered message: the first 10 digits followed by {@code :} in {@code [from, to)}
     * (JSON {@code 42["msg","0000000042:xxx"]}, a MessagePack str, an SSE {@code data: ["0000000042:xxx"]}); -1 if
     * absent.
     */
    static long seqOf(ByteBuf buf, int from, int to) {
        int run = 0;
        for (int i = from; i < to; i++) {
            byte d = buf.getByte(i);
            if (d >= '0' && d <= '9') {
                run++;
            } else {
                if (d == ':' && run >= 10) {
                    return parse(buf, i - 10);
                }
                run = 0;
            }
        }
        return -1;
    }

    /** {@link #seqOf(ByteBuf, int, int)} over the first {@code len} bytes of {@code b}. */
    static long seqOf(byte[] b, int len) {
        int run = 0;
        for (int i = 0; i < len; i++) {
            byte d = b[i];
            if (d >= '0' && d <= '9') {
                run++;
            } else {
                if (d == ':' && run >= 10) {
                    long v = 0;
                    for (int j = i - 10; j < i; j++) {
                        v = v * 10 + (b[j] - '0');
                    }
                    return v;
                }
                run = 0;
            }
        }
        return -1;
    }

    private static long parse(ByteBuf buf, int at) {
        long v = 0;
        for (int j = at; j < at + 10; j++) {
            v = v * 10 + (buf.getByte(j) - '0');
        }
        return v;
    }
}
