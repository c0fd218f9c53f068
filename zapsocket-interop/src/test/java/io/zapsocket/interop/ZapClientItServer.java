package io.zapsocket.interop;

import io.zapsocket.protocol.Ack;
import io.zapsocket.protocol.Args;
import io.zapsocket.protocol.EventHandler;
import io.zapsocket.protocol.Transport;
import io.zapsocket.server.ServerOptions;
import io.zapsocket.server.ServerSocket;
import io.zapsocket.server.SocketServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** The app of {@code node/CLIENT_IT.md} on Zap-Socket, in-process. */
final class ZapClientItServer implements ClientItServer {
    private final Options options;
    private SocketServer server;
    private int port;
    // server-wide state of the at-least-once tests
    private int dropRemaining;
    private final List<Object> received = new ArrayList<>();

    private ZapClientItServer(Options options) {
        this.options = options;
    }

    static ZapClientItServer start(Options options) {
        ZapClientItServer s = new ZapClientItServer(options);
        s.startOn(0);
        return s;
    }

    private synchronized void startOn(int requestedPort) {
        ServerOptions.Builder b = ServerOptions.builder()
                .pingInterval(Duration.ofMillis(options.pingIntervalMs()))
                .pingTimeout(Duration.ofMillis(options.pingTimeoutMs()))
                .parser(options.parser());
        if (options.pollingOnly()) {
            b.transports(Transport.POLLING);
        }
        if (options.recovery()) {
            b.connectionStateRecovery(io.zapsocket.server.RecoveryOptions.DEFAULT);
        }
        SocketServer io = SocketServer.create(b.build());
        configure(io);
        port = io.listen("127.0.0.1", requestedPort).join().getPort();
        server = io;
    }

    private void configure(SocketServer io) {
        io.use((socket, next) -> {
            if ("reject".equals(socket.handshake().auth().get("token"))) {
                next.fail("Not authorized", Map.of("reason", "bad token"));
            } else {
                next.proceed();
            }
        });
        io.onConnection(socket -> {
            Map<String, Object> welcome = new LinkedHashMap<>();
            welcome.put("id", socket.id());
            welcome.put("auth", socket.handshake().auth());
            welcome.put("recovered", socket.recovered());
            socket.emit("welcome", welcome);
            socket.on("echo", echo(socket));
            // like Node's socket.conn.close(): the connection goes away without a Socket.IO DISCONNECT
            socket.on("kill-transport", (args, ack) -> ((io.zapsocket.server.internal.sio.DefaultSocketServer) io)
                    .engine().session(socket.connectionId()).close());
            socket.on("server-ack", (args, ack) -> {
                Object[] rest = args.list().subList(2, args.size()).toArray();
                socket.timeout(Duration.ofMillis(args.getLong(1))).emitWithAck(args.getString(0), rest)
                        .whenComplete((res, err) -> {
                            Map<String, Object> result = new LinkedHashMap<>();
                            result.put("ok", err == null);
                            if (err == null) {
                                result.put("response", res.list());
                            } else {
                                result.put("error", (err.getCause() != null ? err.getCause() : err).getMessage());
                            }
                            socket.emit("server-ack-result", result);
                        });
            });
            socket.on("join", (args, ack) -> {
                socket.join(args.getString(0));
                ack.send();
            });
            socket.on("to-room", (args, ack) -> {
                List<Object> all = args.list();
                io.to(args.getString(0)).emit(args.getString(1), all.subList(2, all.size()).toArray());
                ack.send();
            });
            socket.on("disconnect-me", (args, ack) -> socket.disconnect(Boolean.TRUE.equals(args.get(0))));
            socket.on("drop-acks", (args, ack) -> {
                synchronized (this) {
                    dropRemaining = args.getInt(0);
                    received.clear();
                }
                ack.send();
            });
            socket.on("seq", (args, ack) -> {
                boolean drop;
                synchronized (this) {
                    received.add(args.get(0));
                    drop = dropRemaining > 0;
                    if (drop) {
                        dropRemaining--;
                    }
                }
                if (!drop) {
                    ack.send(args.get(0));
                }
            });
            socket.on("received", (args, ack) -> {
                List<Object> copy;
                synchronized (this) {
                    copy = new ArrayList<>(received);
                }
                ack.send(copy);
            });
        });
        io.of(Pattern.compile("^/dyn-\\d+$")).onConnection(socket -> {
            socket.emit("hello", Map.of("nsp", socket.namespace().name()));
            socket.on("echo", echo(socket));
        });
    }

    private static EventHandler echo(ServerSocket socket) {
        return (Args args, Ack ack) -> {
            if (ack.requested()) {
                ack.send(args.toArray());
            } else {
                socket.emit("echo", args.toArray());
            }
        };
    }

    @Override
    public synchronized int port() {
        return port;
    }

    @Override
    public synchronized void stop() {
        if (server != null) {
            server.close().join();
            server = null;
        }
    }

    @Override
    public synchronized void restart() {
        stop();
        startOn(port);
    }

    @Override
    public String toString() {
        return "ZapClientItServer{127.0.0.1:" + port + "}";
    }
}
