package io.zapsocket.server.internal.transport;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;

/**
 * Structure-aware generators for the wire fuzzers: HTTP requests aimed at the Engine.IO endpoint (valid shapes with
 * targeted faults: methods, query parameters, framing headers, origins, bodies made of Engine.IO and Socket.IO
 * packets), and WebSocket frames (header fields, length encodings, masks, fragmentation, control frames) carrying
 * Engine.IO / Socket.IO packets. Each generator takes the {@link Random} it draws from: a seed replays a run.
 */
final class WireInputs {
    private WireInputs() {
    }

    /** Socket.IO / Engine.IO packets, valid and near-valid (the text after the Engine.IO type, or whole packets). */
    static final String[] PACKETS = {
        "40", "40{\"token\":\"x\"}", "40/admin,", "40/dyn-1,", "40/nope,", "41", "41/admin,", "42[\"echo\",1]",
        "421[\"echo\",\"a\",{\"b\":[1,2]}]", "42[\"join\",\"room-1\"]", "42[\"join\",\"room-2\"]", "42[\"ask\"]",
        "42[\"nobody\"]", "43999[1]", "430[]", "44{\"message\":\"x\"}",
        "451-[\"echo\",{\"_placeholder\":true,\"num\":0}]", "452-7[\"echo\",{\"_placeholder\":true,\"num\":0},"
            + "{\"_placeholder\":true,\"num\":1}]", "461-3[{\"_placeholder\":true,\"num\":0}]",
        "42[\"disconnect\"]", "42{}", "4abc", "42abc[\"echo\"]", "4511-[\"echo\"]", "42/admin,[\"echo\"]",
        "2", "3", "2probe", "3probe", "5", "6", "1", "4", "bAQID", "b!!!", "",
        "42[\"echo\",\"\\ud800\",1e999,-0]", "42[\"echo\",[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]",
    };

    private static final String[] FRAGMENTS = {
        "\u001e", "4", "2", "[", "]", "{", "}", "\"", ",", "/", "-", "\\u0000", "\u0000", "\r\n", "%00", "\uFFFF",
        "\ud83d", "{\"_placeholder\":true,\"num\":5}", "99999999999999999999", "null",
    };

    private static final String[] METHODS = {"GET", "GET", "GET", "POST", "POST", "POST", "OPTIONS", "PUT", "HEAD",
        "DELETE", "PATCH", "CONNECT", "TRACE", "G\u0000T", "get", "POST ", "", "PRI"};

    private static final String[] PATHS = {"/socket.io/", "/socket.io/", "/socket.io/", "/socket.io",
        "/socket.io/socket.io.min.js", "/socket.io/socket.io.js.map", "/socket.io/x", "/", "/nope", "*",
        "/socket.io/../etc/passwd", "/socket.io/%2e%2e/", "http://127.0.0.1/socket.io/", "/socket.io//",
        "/%", "/socket.io/\u00e9"};

    private static final String[] EIO = {"4", "4", "4", "3", "5", "", "abc", "4&EIO=3", "04", "-4"};
    private static final String[] TRANSPORTS = {"polling", "polling", "websocket", "webtransport", "", "POLLING",
        "polling&transport=websocket", "%00"};

    /** One HTTP request; {@code sid} (may be {@code null}) is a live session id on the connection. */
    static byte[] httpRequest(Random r, String sid) {
        String method = pick(r, METHODS);
        StringBuilder target = new StringBuilder(pick(r, PATHS));
        if (r.nextInt(6) != 0) {
            List<String> params = new ArrayList<>();
            if (r.nextInt(8) != 0) {
                params.add("EIO=" + pick(r, EIO));
            }
            if (r.nextInt(8) != 0) {
                params.add("transport=" + pick(r, TRANSPORTS));
            }
            if (sid != null && r.nextInt(3) != 0) {
                params.add("sid=" + sid);
            } else if (r.nextInt(6) == 0) {
                params.add("sid=" + pick(r, new String[]{"", "x", "AAAAAAAAAAAAAAAAAAAA", "%ff", "a".repeat(300)}));
            }
            if (r.nextBoolean()) {
                params.add("t=" + Long.toString(r.nextLong(), 36));
            }
            if (r.nextInt(10) == 0) {
                params.add("b64=1");
            }
            if (r.nextInt(20) == 0) {
                params.add("x=" + "y".repeat(r.nextInt(5000)));
            }
            java.util.Collections.shuffle(params, r);
            target.append('?').append(String.join("&", params));
        }
        byte[] body = r.nextInt(3) == 0 ? new byte[0] : body(r);
        StringBuilder head = new StringBuilder();
        head.append(method).append(' ').append(target).append(' ')
                .append(pick(r, new String[]{"HTTP/1.1", "HTTP/1.1", "HTTP/1.1", "HTTP/1.0", "HTTP/2.0", "HTTP/1.",
                    "FOO"}))
                .append("\r\n");
        if (r.nextInt(10) != 0) {
            head.append("Host: ").append(pick(r, new String[]{"127.0.0.1:3000", "localhost", "", "a b", "x:-1"}))
                    .append("\r\n");
        }
        switch (r.nextInt(9)) {
            case 0, 1, 2 -> head.append("Content-Length: ").append(body.length).append("\r\n");
            case 3 -> head.append("Content-Length: ").append(pick(r, new String[]{"-1", "abc", "99999999999",
                "18446744073709551616", " 5", "5, 6", String.valueOf(body.length + 1000), "0"})).append("\r\n");
            case 4 -> head.append("Content-Length: ").append(body.length).append("\r\nContent-Length: ")
                    .append(body.length + 1).append("\r\n");
            case 5 -> {
                head.append("Transfer-Encoding: ").append(pick(r, new String[]{"chunked", "chunked", "gzip, chunked",
                    "identity", "chunked, chunked"})).append("\r\n");
                body = chunked(r, body);
            }
            case 6 -> head.append("Content-Length: ").append(body.length).append("\r\nTransfer-Encoding: chunked\r\n");
            default -> {
                // no framing header at all
            }
        }
        if (r.nextBoolean()) {
            head.append("Content-Type: ").append(pick(r, new String[]{"text/plain;charset=UTF-8",
                "application/octet-stream", "text/plain", "application/json", "", "multipart/form-data"}))
                    .append("\r\n");
        }
        if (r.nextInt(3) == 0) {
            head.append("Origin: ").append(pick(r, new String[]{"http://127.0.0.1:3000", "http://evil.example",
                "null", "http://localhost", "garbage", "http://127.0.0.1:3000/"})).append("\r\n");
        }
        if (r.nextInt(5) == 0) {
            head.append("Upgrade: ").append(pick(r, new String[]{"websocket", "WebSocket", "h2c", ""}))
                    .append("\r\nConnection: ").append(pick(r, new String[]{"Upgrade", "keep-alive, Upgrade",
                        "close"})).append("\r\n");
            if (r.nextInt(4) != 0) {
                head.append("Sec-WebSocket-Key: ").append(pick(r, new String[]{"AAAAAAAAAAAAAAAAAAAAAA==", "x",
                    ""})).append("\r\nSec-WebSocket-Version: ").append(pick(r, new String[]{"13", "8", "x"}))
                        .append("\r\n");
            }
            if (r.nextInt(4) == 0) {
                head.append("Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n");
            }
        }
        if (r.nextInt(4) == 0) {
            head.append("Accept-Encoding: ").append(pick(r, new String[]{"gzip", "deflate", "br", "gzip;q=0, *",
                "identity;q=0", "x"})).append("\r\n");
        }
        if (r.nextInt(6) == 0) {
            head.append(pick(r, new String[]{"Cookie: io=abc", "X-Forwarded-For: 1.2.3.4, ::1", "Expect: 100-continue",
                "Connection: close", "X: " + "v".repeat(r.nextInt(9000)), "NoColon", " folded: x", "Bad Name: x",
                "X-Empty:"})).append("\r\n");
        }
        head.append("\r\n");
        byte[] h = head.toString().getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[h.length + body.length];
        System.arraycopy(h, 0, all, 0, h.length);
        System.arraycopy(body, 0, all, h.length, body.length);
        return r.nextInt(12) == 0 ? mutateBytes(r, all) : all;
    }

    /** A polling body: Engine.IO packets joined with the record separator, some mutated. */
    static byte[] body(Random r) {
        int n = 1 + r.nextInt(4);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                sb.append('\u001e');
            }
            sb.append(r.nextInt(4) == 0 ? mutate(r, pick(r, PACKETS)) : pick(r, PACKETS));
            if (r.nextInt(8) == 0) {
                sb.append('\u001e').append('b').append(Base64.getEncoder().encodeToString(randomBytes(r, 12)));
            }
        }
        if (r.nextInt(30) == 0) {
            sb.append("x".repeat(20_000)); // over the fuzz server's maxHttpBufferSize
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] chunked(Random r, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int pos = 0;
        while (pos < body.length) {
            int n = Math.min(body.length - pos, 1 + r.nextInt(64));
            String size = r.nextInt(20) == 0 ? pick(r, new String[]{"zz", "-1", "ffffffffffffffff", ""})
                    : Integer.toHexString(n);
            out.writeBytes((size + (r.nextInt(20) == 0 ? ";ext=1" : "") + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body, pos, n);
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
            pos += n;
        }
        if (r.nextInt(6) != 0) {
            out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        return out.toByteArray();
    }

    // ------------------------------------------------------------------ WebSocket

    /**
     * A sequence of client WebSocket frames: mostly well-formed masked frames carrying Engine.IO / Socket.IO
     * packets, with faults in every header field now and then.
     */
    static byte[] wsFrames(Random r) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int frames = 1 + r.nextInt(6);
        for (int i = 0; i < frames; i++) {
            int kind = r.nextInt(20);
            byte[] payload;
            int opcode;
            boolean fin = true;
            if (kind < 11) {
                opcode = 1;
                String p = r.nextInt(5) == 0 ? mutate(r, pick(r, PACKETS)) : pick(r, PACKETS);
                payload = p.getBytes(StandardCharsets.UTF_8);
            } else if (kind < 13) {
                opcode = 2;
                payload = randomBytes(r, r.nextInt(40));
            } else if (kind == 13) {
                opcode = 9; // ping
                payload = randomBytes(r, r.nextInt(10) == 0 ? 126 + r.nextInt(10) : r.nextInt(126));
            } else if (kind == 14) {
                opcode = 10; // unsolicited pong
                payload = randomBytes(r, r.nextInt(20));
            } else if (kind == 15) {
                opcode = 8; // close, sometimes with a bad code or a 1-byte body
                int code = r.nextInt(4) == 0 ? r.nextInt(70000) : 1000;
                payload = r.nextInt(6) == 0 ? new byte[]{3} : new byte[]{(byte) (code >> 8), (byte) code, 'x'};
            } else if (kind == 16) {
                // a fragmented text message: first frame here, continuation(s) next
                opcode = 1;
                fin = false;
                payload = "42[\"echo\",\"".getBytes(StandardCharsets.UTF_8);
                writeFrame(out, r, fin, 0, opcode, payload, true);
                int parts = 1 + r.nextInt(3);
                for (int k = 0; k < parts; k++) {
                    boolean last = k == parts - 1;
                    byte[] part = (last ? "part\"]" : "part").getBytes(StandardCharsets.UTF_8);
                    writeFrame(out, r, last, 0, 0, part, true);
                }
                continue;
            } else {
                opcode = r.nextInt(16); // anything, reserved ones included
                payload = randomBytes(r, r.nextInt(30));
                fin = r.nextInt(4) != 0;
            }
            int rsv = r.nextInt(25) == 0 ? 1 + r.nextInt(7) : 0;
            boolean masked = r.nextInt(40) != 0;
            writeFrame(out, r, fin, rsv, opcode, payload, masked);
        }
        byte[] all = out.toByteArray();
        if (r.nextInt(15) == 0) {
            all = mutateBytes(r, all);
        }
        if (r.nextInt(30) == 0) {
            // a header that announces more than is sent, or a huge 64-bit length
            ByteArrayOutputStream o = new ByteArrayOutputStream();
            o.writeBytes(all);
            o.write(0x81);
            o.write(0x80 | 127);
            long len = r.nextBoolean() ? Long.MIN_VALUE >>> r.nextInt(63) : 2_000_000;
            for (int k = 7; k >= 0; k--) {
                o.write((int) (len >>> (8 * k)));
            }
            o.writeBytes(new byte[]{1, 2, 3, 4, 5});
            all = o.toByteArray();
        }
        return all;
    }

    static void writeFrame(ByteArrayOutputStream f, Random r, boolean fin, int rsv, int opcode, byte[] payload,
                           boolean masked) {
        f.write((fin ? 0x80 : 0) | (rsv & 0x7) << 4 | (opcode & 0xf));
        int len = payload.length;
        int maskBit = masked ? 0x80 : 0;
        int encoding = r.nextInt(30) == 0 ? 1 + r.nextInt(2) : (len < 126 ? 0 : len < 65536 ? 1 : 2);
        if (encoding == 0) {
            f.write(maskBit | len);
        } else if (encoding == 1) { // possibly non-minimal (RFC 6455 forbids it, decoders must refuse or cope)
            f.write(maskBit | 126);
            f.write(len >>> 8);
            f.write(len);
        } else {
            f.write(maskBit | 127);
            for (int i = 7; i >= 0; i--) {
                f.write((int) ((long) len >>> (8 * i)));
            }
        }
        byte[] body = payload.clone();
        if (masked) {
            byte[] mask = new byte[4];
            r.nextBytes(mask);
            f.write(mask, 0, 4);
            for (int i = 0; i < body.length; i++) {
                body[i] ^= mask[i & 3];
            }
        }
        f.write(body, 0, body.length);
    }

    // ------------------------------------------------------------------ mutation

    static String mutate(Random r, String s) {
        StringBuilder sb = new StringBuilder(s);
        int mutations = 1 + r.nextInt(3);
        for (int m = 0; m < mutations; m++) {
            int pos = sb.length() == 0 ? 0 : r.nextInt(sb.length() + 1);
            switch (r.nextInt(5)) {
                case 0 -> {
                    if (pos < sb.length()) {
                        sb.deleteCharAt(pos);
                    }
                }
                case 1 -> sb.insert(pos, pick(r, FRAGMENTS));
                case 2 -> {
                    if (pos < sb.length()) {
                        sb.setCharAt(pos, (char) r.nextInt(0x10000));
                    }
                }
                case 3 -> sb.setLength(pos);
                default -> sb.insert(pos, (char) ('0' + r.nextInt(10)));
            }
        }
        return sb.toString();
    }

    static byte[] mutateBytes(Random r, byte[] b) {
        byte[] out = b.clone();
        int n = 1 + r.nextInt(4);
        for (int i = 0; i < n && out.length > 0; i++) {
            int pos = r.nextInt(out.length);
            switch (r.nextInt(3)) {
                case 0 -> out[pos] ^= (byte) (1 << r.nextInt(8));
                case 1 -> out[pos] = (byte) r.nextInt(256);
                default -> out = java.util.Arrays.copyOf(out, pos); // truncate
            }
        }
        return out;
    }

    static byte[] randomBytes(Random r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }

    static <T> T pick(Random r, T[] a) {
        return a[r.nextInt(a.length)];
    }
}
