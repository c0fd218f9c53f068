package io.zapsocket.server.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket client on a plain socket that can send frames no well-behaved client would (unmasked, reserved
 * opcodes, bad UTF-8, fragmented control frames...). Reads server frames, which are never masked.
 */
public final class RawWs implements AutoCloseable {
    /**
     * A frame from the server; {@code opcode} -1 means the connection was closed without a frame. {@code rsv} holds
     * the three RSV bits (4 = RSV1: a permessage-deflate compressed message).
     */
    public record Frame(int opcode, byte[] payload, int rsv) {
        public Frame(int opcode, byte[] payload) {
            this(opcode, payload, 0);
        }

        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        /** The close code of a close frame, or -1. */
        public int closeCode() {
            return opcode == 8 && payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : -1;
        }
    }

    public static final Frame EOF = new Frame(-1, new byte[0]);

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    public final int status;
    public final String responseHead;

    private RawWs(Socket socket, int status, String responseHead) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
        this.status = status;
        this.responseHead = responseHead;
    }

    /** Sends the upgrade request and reads the response head (status 101 on success). */
    public static RawWs connect(int port, String target, Map<String, String> extraHeaders) throws IOException {
        Socket s = new Socket("127.0.0.1", port);
        s.setSoTimeout(5000);
        StringBuilder req = new StringBuilder("GET ").append(target).append(" HTTP/1.1\r\n")
                .append("Host: 127.0.0.1:").append(port).append("\r\n")
                .append("Upgrade: websocket\r\nConnection: Upgrade\r\n")
                .append("Sec-WebSocket-Key: ").append(Base64.getEncoder().encodeToString(new byte[16])).append("\r\n")
                .append("Sec-WebSocket-Version: 13\r\n");
        extraHeaders.forEach((k, v) -> req.append(k).append(": ").append(v).append("\r\n"));
        req.append("\r\n");
        s.getOutputStream().write(req.toString().getBytes(StandardCharsets.ISO_8859_1));
        s.getOutputStream().flush();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        InputStream in = s.getInputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
                    ? matched + 1 : 0;
        }
        String h = head.toString(StandardCharsets.ISO_8859_1);
        int status = h.startsWith("HTTP/1.1 ") && h.length() >= 12 ? Integer.parseInt(h.substring(9, 12)) : -1;
        return new RawWs(s, status, h);
    }

    /** Sends one frame. */
    public RawWs frame(boolean fin, int rsv, int opcode, byte[] payload, boolean masked) throws IOException {
        ByteArrayOutputStream f = new ByteArrayOutputStream();
        f.write((fin ? 0x80 : 0) | (rsv & 0x7) << 4 | (opcode & 0xf));
        int len = payload.length;
        int maskBit = masked ? 0x80 : 0;
        if (len < 126) {
            f.write(maskBit | len);
        } else if (len < 65536) {
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
            ThreadLocalRandom.current().nextBytes(mask);
            f.write(mask, 0, 4);
            for (int i = 0; i < body.length; i++) {
                body[i] ^= mask[i & 3];
            }
        }
        f.write(body, 0, body.length);
        out.write(f.toByteArray());
        out.flush();
        return this;
    }

    /** Writes bytes as they are (e.g. a hand-made frame header). */
    public RawWs rawBytes(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    public RawWs text(String s) throws IOException {
        return frame(true, 0, 1, s.getBytes(StandardCharsets.UTF_8), true);
    }

    public RawWs binary(byte[] b) throws IOException {
        return frame(true, 0, 2, b, true);
    }

    /** The next frame, or {@link #EOF} when the server closed the connection (or 5 s passed: null). */
    public Frame read() throws IOException {
        try {
            int b0 = in.read();
            if (b0 < 0) {
                return EOF;
            }
            int b1 = in.read();
            if (b1 < 0) {
                return EOF;
            }
            long len = b1 & 0x7f;
            if (len == 126) {
                len = (in.read() << 8) | in.read();
            } else if (len == 127) {
                len = 0;
                for (int i = 0; i < 8; i++) {
                    len = (len << 8) | in.read();
                }
            }
            byte[] payload = in.readNBytes((int) len);
            return new Frame(b0 & 0xf, payload, (b0 >> 4) & 0x7);
        } catch (SocketTimeoutException e) {
            return null;
        } catch (IOException e) {
            return EOF; // reset by the server
        }
    }

    /** Reads frames until a close frame or EOF; returns the close frame (or EOF); null on timeout. */
    public Frame awaitClose() throws IOException {
        for (int i = 0; i < 1000; i++) {
            Frame f = read();
            if (f == null || f == EOF || f.opcode() == 8) {
                if (f != null && f.opcode() == 8) {
                    // answer the close handshake; the server must then close the TCP connection
                    try {
                        frame(true, 0, 8, f.payload().length >= 2 ? new byte[] {f.payload()[0], f.payload()[1]}
                                : new byte[0], true);
                    } catch (IOException alreadyClosed) {
                        return f;
                    }
                    Frame after = read();
                    if (after == null) {
                        return null;
                    }
                }
                return f;
            }
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
