package io.zapsocket.interop;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback TCP proxy in front of a server that counts the bytes the server sends to its clients (what goes over
 * the wire, after any compression) and keeps the first bytes of each server→client stream (to read the HTTP
 * response headers, e.g. {@code Sec-WebSocket-Extensions}). For tests only: a thread per direction.
 */
final class CountingProxy implements AutoCloseable {
    private static final int HEAD_BYTES = 2048;

    private final ServerSocket listener;
    private final int targetPort;
    private final AtomicLong downstream = new AtomicLong();
    private final List<ByteArrayOutputStream> heads = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    CountingProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::acceptLoop, "proxy-accept");
        t.setDaemon(true);
        t.start();
    }

    int port() {
        return listener.getLocalPort();
    }

    String url() {
        return "http://127.0.0.1:" + port();
    }

    /** Bytes sent by the server to clients so far. */
    long downstreamBytes() {
        return downstream.get();
    }

    /** The beginning of every server→client stream so far, as ISO-8859-1 text. */
    List<String> responseHeads() {
        return heads.stream().map(b -> {
            synchronized (b) {
                return b.toString(StandardCharsets.ISO_8859_1);
            }
        }).toList();
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                sockets.add(client);
                sockets.add(server);
                ByteArrayOutputStream head = new ByteArrayOutputStream();
                heads.add(head);
                pump(client.getInputStream(), server.getOutputStream(), null, null, client, server);
                pump(server.getInputStream(), client.getOutputStream(), downstream, head, client, server);
            } catch (IOException e) {
                if (!closed) {
                    System.err.println("[proxy] " + e);
                }
            }
        }
    }

    private static void pump(InputStream in, OutputStream out, AtomicLong counter, ByteArrayOutputStream head,
                             Socket a, Socket b) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[16 * 1024];
            try {
                int n;
                while ((n = in.read(buf)) > 0) {
                    if (head != null) {
                        synchronized (head) {
                            int room = HEAD_BYTES - head.size();
                            if (room > 0) {
                                head.write(buf, 0, Math.min(room, n));
                            }
                        }
                    }
                    // counted before forwarding: a reader that sees these bytes arrive must see them counted
                    if (counter != null) {
                        counter.addAndGet(n);
                    }
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // one side closed
            } finally {
                closeQuietly(a);
                closeQuietly(b);
            }
        }, "proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (IOException ignored) {
            // closing
        }
        sockets.forEach(CountingProxy::closeQuietly);
    }
}
