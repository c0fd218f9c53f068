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
     * The sequence number of a delivered {@code 42["msg","0000000042:xxx"]}: the 10 digits after the first
     * {@code ,"}; -1 if absent.
     */
    static long seqOf(ByteBuf buf, int from, int to) {
        for (int i = from; i + 12 < to; i++) {
            if (buf.getByte(i) == ',' && buf.getByte(i + 1) == '"') {
                long v = 0;
                for (int j = i + 2; j < i + 12; j++) {
                    byte d = buf.getByte(j);
                    if (d < '0' || d > '9') {
                        return -1;
                    }
                    v = v * 10 + (d - '0');
                }
                return v;
            }
        }
        return -1;
    }
}
