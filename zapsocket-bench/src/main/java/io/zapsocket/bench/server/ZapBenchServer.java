package io.zapsocket.bench.server;

import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.zapsocket.micrometer.ZapSocketMetrics;
import io.zapsocket.protocol.Parser;
import io.zapsocket.redis.RedisAdapterFactory;
import io.zapsocket.redis.RedisAdapterOptions;
import io.zapsocket.redis.RedisAdapters;
import io.zapsocket.server.CompressionOptions;
import io.zapsocket.server.IoTransport;
import io.zapsocket.server.ServerOptions;
import io.zapsocket.server.SocketServer;
import io.zapsocket.server.SseAuthorizer;
import io.zapsocket.server.SseOptions;
import io.zapsocket.sync.Sync;
import io.zapsocket.sync.SyncOptions;
import io.zapsocket.sync.SyncStores;
import java.net.InetSocketAddress;
import java.util.regex.Pattern;

/**
 * Zap-Socket with the four benchmark events, the same as the Node reference servers ({@code node/bench-server.js}):
 * <ul>
 *   <li>{@code echo(...args, ack)}: acknowledges with the same arguments (or emits {@code echo} back without ack);</li>
 *   <li>{@code join(room, ack)}: joins the room, then acknowledges;</li>
 *   <li>{@code publish(room, payload, ack)}: emits {@code msg(payload)} to the room, then acknowledges;</li>
 *   <li>{@code broadcast(payload, ack)}: emits {@code msg(payload)} to every other socket, then acknowledges.</li>
 * </ul>
 *
 * <p>permessage-deflate is on ({@code CompressionOptions.DEFAULT}) for clients that offer it (the
 * {@code deflate-fanout} scenario's). Server-Sent Events are on ({@code GET /zap/sse?room=r}, {@link SseAuthorizer#ALLOW_ALL}, no connection state
 * recovery: no event ids), so that a room's emit reaches WebSocket and SSE subscribers alike. {@code --parser=msgpack}
 * speaks {@code socket.io-msgpack-parser} ({@link Parser#MSGPACK}) instead of the default JSON parser.
 * The per-socket event rate limit ({@code ServerOptions.rateLimits}) is off, as Node's socket.io has none.
 *
 * <p>Usage: {@code ZapBenchServer [--port=0] [--parser=json|msgpack] [--host=127.0.0.1] [--io-threads=1]
 * [--ping-interval=ms] [--metrics=1] [--sync=1] [--redis=redis://host:port]
 * [--redis-cluster=redis://host:port,redis://host:port,...] [--handlers=loop|virtual]
 * [--transport=auto|io_uring|epoll|nio]} ({@code --transport}: {@code ServerOptions.ioTransport}, default auto;
 * {@code --handlers=virtual}: handlers on a virtual-thread-per-task executor, {@code ServerOptions.handlerExecutor},
 * JDK 21+, the {@code zap-vt} server; {@code --sync=1}: the sync layer
 * ({@code zapsocket-sync}, in-memory store) attached with stream rooms {@code stream:*}; {@code publish} to such a room
 * goes through {@link Sync#publish} and is acknowledged when the store accepted it; the {@code zap-sync} server of the
 * suite; {@code --metrics=1}: {@code ZapSocketMetrics} on a Prometheus registry, the {@code zap-metrics} server of the
 * suite; {@code --redis=URI}: a node of a cluster on the sharded Redis adapter ({@link RedisAdapters#sharded},
 * wire-compatible with {@code createShardedAdapter} of {@code @socket.io/redis-adapter}), for the
 * {@code cluster-fanout} scenario; {@code --redis-cluster=URI,URI,...}: the same on a Redis Cluster (the seed nodes of
 * {@link RedisAdapterOptions#clusterBuilder}), for {@code cluster-fanout-rc}; the default ping interval is Socket.IO's
 * 25 s; the quick plan's {@code cluster-idle} shortens it). Prints {@code {"port":N}} when listening, then follows {@link ServerControl}'s stdin protocol.
 * Handlers run on the sockets' event loop (the default). One I/O thread by default: the benchmark gives every server
 * one core.
 */
public final class ZapBenchServer {
    private ZapBenchServer() {
    }

    public static void main(String[] argv) {
        MainArgs opts = new MainArgs(argv, "port", "host", "io-threads", "ping-interval", "parser", "metrics", "sync",
                "redis", "redis-cluster", "handlers", "transport");
        IoTransport transport = switch (opts.string("transport", "auto")) {
            case "auto" -> IoTransport.AUTO;
            case "io_uring" -> IoTransport.IO_URING;
            case "epoll" -> IoTransport.EPOLL;
            case "nio" -> IoTransport.NIO;
            default -> throw new IllegalArgumentException("--transport is auto, io_uring, epoll or nio");
        };
        String host = opts.string("host", "127.0.0.1");
        int port = opts.integer("port", 0);
        int ioThreads = opts.integer("io-threads", 1);
        long pingIntervalMs = opts.integer("ping-interval", 0);
        String parser = opts.string("parser", "json");
        if (!parser.equals("json") && !parser.equals("msgpack")) {
            throw new IllegalArgumentException("--parser is json or msgpack: " + parser);
        }
        String redis = opts.string("redis", null);
        String redisCluster = opts.string("redis-cluster", null);
        RedisAdapterFactory adapter = redisCluster != null
                ? RedisAdapters.sharded(RedisAdapterOptions.clusterBuilder(redisCluster.split(",")).build())
                : redis == null ? null : RedisAdapters.sharded(RedisAdapterOptions.builder(redis).build());
        ServerOptions.Builder options = options(ioThreads, pingIntervalMs).ioTransport(transport);
        if (adapter != null) {
            options.adapter(adapter);
        }
        String handlers = opts.string("handlers", "loop");
        if (handlers.equals("virtual")) {
            options.handlerExecutor(virtualThreads());
        } else if (!handlers.equals("loop")) {
            throw new IllegalArgumentException("--handlers is loop or virtual: " + handlers);
        }
        SocketServer io = SocketServer.create(options
                .parser(parser.equals("msgpack") ? Parser.MSGPACK : Parser.DEFAULT)
                .sse(SseOptions.builder(SseAuthorizer.ALLOW_ALL).build())
                .build());
        Sync sync = null;
        if (opts.integer("sync", 0) == 1) {
            SyncOptions syncOptions = SyncOptions.builder().streamRooms(Pattern.compile("stream:.*")).build();
            sync = Sync.attach(io, SyncStores.inMemory(), syncOptions);
        }
        install(io, sync);
        if (opts.integer("metrics", 0) == 1) {
            // as an application would: the meters in a Prometheus registry (scraped or not, the cost is in the
            // counting)
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            ZapSocketMetrics.builder(io).tags(Tags.of("parser", parser)).build().bindTo(registry);
        }
        InetSocketAddress bound = io.listen(host, port).join();
        ServerControl.ready(bound.getPort());
        ServerControl.serve(() -> io.stats().connections(), () -> {
            io.close().join();
            if (adapter != null) {
                adapter.close();
            }
        });
    }

    /**
     * {@code Executors.newVirtualThreadPerTaskExecutor()} (JDK 21+), looked up reflectively: the module compiles for
     * Java 17. The server keeps each socket's handler calls in order on top of it.
     */
    private static java.util.concurrent.Executor virtualThreads() {
        try {
            return (java.util.concurrent.Executor) java.util.concurrent.Executors.class
                    .getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("--handlers=virtual needs JDK 21 or later (running "
                    + System.getProperty("java.version") + ")", e);
        }
    }

    private static ServerOptions.Builder options(int ioThreads, long pingIntervalMs) {
        // the bench measures the server, not its flood limits: the default event and handshake rate limits are off
        // permessage-deflate with the defaults (threshold 1 KiB, level 6, server_no_context_takeover: a broadcast is
        // compressed once): only clients that offer it use it, which only the deflate-fanout scenario's do
        ServerOptions.Builder options = ServerOptions.builder().ioThreads(ioThreads).rateLimits(null)
                .handshakeRateLimit(null).perMessageDeflate(CompressionOptions.DEFAULT);
        if (pingIntervalMs > 0) {
            options.pingInterval(java.time.Duration.ofMillis(pingIntervalMs));
        }
        return options;
    }

    private static void install(SocketServer io, Sync sync) {
        io.onConnection(socket -> {
            socket.on("echo", (args, ack) -> {
                if (ack.requested()) {
                    ack.send(args.toArray());
                } else {
                    socket.emit("echo", args.toArray());
                }
            });
            socket.on("join", (args, ack) -> {
                socket.join(args.getString(0));
                ack.send();
            });
            socket.on("publish", (args, ack) -> {
                String room = args.getString(0);
                if (sync != null && room.startsWith("stream:")) {
                    // a stream room: the store assigns the offset, every subscriber gets sync:pub
                    sync.publish(room, args.get(1)).whenComplete((p, err) -> ack.send());
                    return;
                }
                io.to(room).emit("msg", args.get(1));
                ack.send();
            });
            socket.on("broadcast", (args, ack) -> {
                socket.broadcast().emit("msg", args.get(0));
                ack.send();
            });
        });
    }
}
