package io.zapsocket.examples.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy for the browser tests, on a free loopback port: each connection goes to the first upstream that
 * accepts it (the next one when a node is down; none: the connection is closed at once, as a refused connect looks
 * to nginx), and the test can cut every open connection at once ({@link #killAll}), as a flaky network or a node's
 * crash would. {@link SseFeedClusterIT} puts one between nginx and each node.
 */
final class KillProxy implements AutoCloseable {
    private final ServerSocket server;
    private final List<InetSocketAddress> upstreams = new CopyOnWriteArrayList<>();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger relayed = new AtomicInteger();

    KillProxy(List<InetSocketAddress> upstreams) throws IOException {
        this.upstreams.addAll(upstreams);
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(this::acceptLoop, "kill-proxy-accept");
        accept.setDaemon(true);
        accept.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** Replaces the upstreams (first choice first). */
    void upstreams(List<InetSocketAddress> next) {
        upstreams.clear();
        upstreams.addAll(next);
    }

    /** Connections relayed to an upstream so far. */
    int relayed() {
        return relayed.get();
    }

    /** Connections open through the proxy now. */
    int connections() {
        return open.size() / 2;
    }

    /** Closes every open connection, both sides; answers how many client connections were cut. */
    int killAll() {
        int n = 0;
        for (Socket s : open) {
            n++;
            close(s);
        }
        return n / 2;
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return;
            }
            Thread t = new Thread(() -> connect(client), "kill-proxy-connect");
            t.setDaemon(true);
            t.start();
        }
    }

    private void connect(Socket client) {
        for (InetSocketAddress up : upstreams) {
            Socket upstream = new Socket();
            try {
                upstream.connect(up, 2000);
            } catch (IOException e) {
                close(upstream);
                continue;
            }
            relayed.incrementAndGet();
            open.add(client);
            open.add(upstream);
            pump(client, upstream);
            pump(upstream, client);
            return;
        }
        close(client);
    }

    private void pump(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // cut: close both sides below
            } finally {
                close(from);
                close(to);
            }
        }, "kill-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    private void close(Socket s) {
        open.remove(s);
        try {
            s.close();
        } catch (IOException e) {
            // closed already
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        killAll();
    }
}
