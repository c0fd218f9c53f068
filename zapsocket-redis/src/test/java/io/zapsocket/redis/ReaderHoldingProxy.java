package io.zapsocket.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy in front of a redis-server (free loopback port) that can hold back what Redis sends on the connections
 * that issued an {@code XREAD} (a node's stream reader), while its other connections (publisher, commands) go on:
 * the stream reader of a node lags behind its own publishes, as it can on a loaded machine.
 */
final class ReaderHoldingProxy implements AutoCloseable {
    private final ServerSocket server;
    private final int target;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private final Object lock = new Object();
    private boolean holding;
    private volatile boolean closed;

    ReaderHoldingProxy(int target) throws IOException {
        this.target = target;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::accept, "reader-holding-proxy");
        t.setDaemon(true);
        t.start();
    }

    String uri() {
        return "redis://127.0.0.1:" + server.getLocalPort();
    }

    /** From now on, replies to the reader connections wait (in the proxy) until {@link #release()}. */
    void hold() {
        synchronized (lock) {
            holding = true;
        }
    }

    void release() {
        synchronized (lock) {
            holding = false;
            lock.notifyAll();
        }
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = server.accept();
                Socket redis = new Socket();
                redis.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), target));
                client.setTcpNoDelay(true);
                redis.setTcpNoDelay(true);
                open.add(client);
                open.add(redis);
                boolean[] reader = {false};
                pump(client, redis, reader, true);
                pump(redis, client, reader, false);
            } catch (IOException e) {
                if (!closed) {
                    System.err.println("[ReaderHoldingProxy] " + e);
                }
            }
        }
    }

    private void pump(Socket from, Socket to, boolean[] reader, boolean upstream) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    if (upstream) {
                        if (new String(buf, 0, n, StandardCharsets.ISO_8859_1).toUpperCase().contains("XREAD")) {
                            synchronized (lock) {
                                reader[0] = true;
                            }
                        }
                    } else {
                        synchronized (lock) {
                            while (holding && reader[0] && !closed) {
                                lock.wait();
                            }
                        }
                    }
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                // closed
            } finally {
                try {
                    to.close();
                    from.close();
                } catch (IOException ignored) {
                    // closing
                }
            }
        }, "reader-holding-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() {
        closed = true;
        release();
        try {
            server.close();
        } catch (IOException ignored) {
            // closing
        }
        for (Socket s : open) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing
            }
        }
    }
}
