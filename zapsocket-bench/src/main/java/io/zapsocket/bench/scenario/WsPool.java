package io.zapsocket.bench.scenario;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.zapsocket.bench.load.LoadGen;
import io.zapsocket.bench.load.WsClient;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * {@code n} Socket.IO WebSocket clients, connected with at most {@code concurrency} handshakes under way, forwarding
 * their events to the scenario's listener. Handshake latency = TCP connect start to the CONNECT reply. State is
 * confined to the generator's loop; the driver thread reads it through {@link LoadGen#call}.
 */
final class WsPool implements WsClient.Listener {
    final List<WsClient> clients = new ArrayList<>();
    final Histogram handshakes = Latency.histogram();
    private final LoadGen gen;
    private final int n;
    private final int concurrency;
    private final WsClient.Listener app;
    private final Codec codec;
    /** Client {@code i} connects to {@code ports[i % ports.length]}; {@code null}: the generator's target. */
    private int[] ports;
    private int launched;
    int connected;
    int failed;
    /** Clients closed after they were connected. */
    int dropped;
    Throwable firstFailure;
    long doneAt;

    WsPool(LoadGen gen, int n, int concurrency, WsClient.Listener app) {
        this(gen, n, concurrency, app, Codec.JSON);
    }

    WsPool(LoadGen gen, int n, int concurrency, WsClient.Listener app, Codec codec) {
        this.codec = codec;
        this.gen = gen;
        this.n = n;
        this.concurrency = concurrency;
        this.app = app;
    }

    /** Spreads the clients over several server processes: client {@code i} to {@code ports[i % ports.length]}. */
    WsPool spread(int[] ports) {
        this.ports = ports.clone();
        return this;
    }

    /** Called with each client before it connects (e.g. {@link WsClient#offerDeflate}). */
    private java.util.function.Consumer<WsClient> setup;

    /** Has {@code setup} called with each client before it connects. */
    WsPool setup(java.util.function.Consumer<WsClient> setup) {
        this.setup = setup;
        return this;
    }

    /** Starts connecting; returns at once. */
    WsPool start() {
        gen.run(() -> {
            for (int i = 0; i < Math.min(concurrency, n); i++) {
                launch();
            }
        });
        return this;
    }

    /** Waits until every client connected or failed (or the deadline passed); returns whether all connected. */
    boolean await(double seconds) {
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        while (System.nanoTime() < deadline) {
            if (gen.call(() -> connected + failed >= n)) {
                break;
            }
            sleep(0.05);
        }
        return gen.call(() -> connected == n);
    }

    private void launch() {
        if (launched >= n) {
            return;
        }
        WsClient c = codec.client(launched++, this);
        if (setup != null) {
            setup.accept(c);
        }
        clients.add(c);
        c.startedAt = System.nanoTime();
        (ports == null ? gen.connect(c) : gen.connect(c, ports[c.index() % ports.length])).addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess()) {
                c.notifyClosed(f.cause());
            }
        });
    }

    List<WsClient> connectedClients() {
        return gen.call(() -> clients.stream().filter(WsClient::isConnected).toList());
    }

    @Override
    public void onConnected(WsClient c) {
        connected++;
        Latency.record(handshakes, System.nanoTime() - c.startedAt);
        if (connected + failed == n) {
            doneAt = System.nanoTime();
        }
        launch();
        app.onConnected(c);
    }

    @Override
    public void onAck(WsClient c, long id, ByteBuf buf, int from, int to) {
        app.onAck(c, id, buf, from, to);
    }

    @Override
    public void onEvent(WsClient c, ByteBuf buf, int from, int to) {
        app.onEvent(c, buf, from, to);
    }

    @Override
    public void onClosed(WsClient c, Throwable cause) {
        if (c.isConnectedOnce()) {
            dropped++;
        } else {
            failed++;
            if (firstFailure == null) {
                firstFailure = cause;
            }
            if (connected + failed == n) {
                doneAt = System.nanoTime();
            }
            launch();
        }
        app.onClosed(c, cause);
    }

    /** Closes every client with RST and waits until the loop has processed it. */
    void abortAll() {
        gen.run(() -> {
            launched = n; // no more launches
            clients.forEach(WsClient::abort);
        });
    }

    static void sleep(double seconds) {
        try {
            Thread.sleep((long) (seconds * 1000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
