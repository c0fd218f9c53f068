package io.zapsocket.sync;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fault injector between a WebSocket client and a server, on a free loopback port: it relays the bytes, reading the
 * server's WebSocket frames (unmasked, uncompressed below the server's compression threshold) and dropping every
 * other Socket.IO acknowledgement ({@code 43...} text frames of the main namespace). Everything else goes through.
 */
final class AckDroppingProxy implements AutoCloseable {
    private final ServerSocket server;
    private final int upstreamPort;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger acks = new AtomicInteger();
    private final AtomicInteger dropped = new AtomicInteger();

    AckDroppingProxy(int upstreamPort) throws IOException {
        this.upstreamPort = upstreamPort;
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(this::acceptLoop, "ack-dropping-proxy");
        accept.setDaemon(true);
        accept.start();
    }

    int port() {
        return server.getLocalPort();
    }

    int acks() {
        return acks.get();
    }

    int dropped() {
        return dropped.get();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), upstreamPort);
                open.add(client);
                open.add(upstream);
                start(() -> pipe(client, upstream), "ack-proxy-up");
                start(() -> frames(upstream, client), "ack-proxy-down");
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void start(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
    }

    private void pipe(Socket from, Socket to) {
        try (from; to) {
            from.getInputStream().transferTo(to.getOutputStream());
        } catch (IOException e) {
            // closed
        }
    }

    /** The upgrade response as is, then frame by frame, dropping every other acknowledgement. */
    private void frames(Socket from, Socket to) {
        try (from; to) {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int matched = 0;
            while (matched < 4) { // up to and including "\r\n\r\n"
                int b = in.read();
                if (b < 0) {
                    return;
                }
                head.write(b);
                matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
            }
            out.write(head.toByteArray());
            out.flush();
            while (true) {
                int b0 = in.read();
                int b1 = in.read();
                if (b0 < 0 || b1 < 0) {
                    return;
                }
                ByteArrayOutputStream frame = new ByteArrayOutputStream();
                frame.write(b0);
                frame.write(b1);
                long len = b1 & 0x7f;
                int extra = len == 126 ? 2 : len == 127 ? 8 : 0;
                if (extra > 0) {
                    len = 0;
                    for (int i = 0; i < extra; i++) {
                        int x = in.read();
                        frame.write(x);
                        len = (len << 8) | x;
                    }
                }
                boolean masked = (b1 & 0x80) != 0;
                byte[] mask = masked ? in.readNBytes(4) : new byte[0];
                frame.write(mask);
                byte[] payload = in.readNBytes((int) len);
                frame.write(payload);
                boolean text = (b0 & 0x0f) == 1 && (b0 & 0x40) == 0;
                if (text && !masked && payload.length >= 2
                        && new String(payload, 0, 2, StandardCharsets.US_ASCII).equals("43")
                        && acks.incrementAndGet() % 2 == 1) {
                    dropped.incrementAndGet();
                    continue; // the client never hears this acknowledgement
                }
                out.write(frame.toByteArray());
                out.flush();
            }
        } catch (IOException e) {
            // closed
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : open) {
            s.close();
        }
    }
}
