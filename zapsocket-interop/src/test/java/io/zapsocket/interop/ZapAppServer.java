package io.zapsocket.interop;

import io.zapsocket.protocol.Ack;
import io.zapsocket.protocol.Args;
import io.zapsocket.protocol.EventHandler;
import io.zapsocket.protocol.Parser;
import io.zapsocket.server.CorsOptions;
import io.zapsocket.server.Namespace;
import io.zapsocket.server.ServerOptions;
import io.zapsocket.server.ServerSocket;
import io.zapsocket.server.SocketServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** The interop test app of {@code node/APP.md}, on Zap-Socket. */
final class ZapAppServer implements AppServer {
    private final AppOptions options;
    private final Parser parser;
    private SocketServer server;
    private int port;

    private ZapAppServer(AppOptions options, Parser parser) {
        this.options = options;
        this.parser = parser;
    }

    static ZapAppServer start(AppOptions options) {
        return start(options, Parser.DEFAULT);
    }

    /** The app with another Socket.IO packet format (clients must use the same). */
    static ZapAppServer start(AppOptions options, Parser parser) {
        ZapAppServer app = new ZapAppServer(options, parser);
        app.startOn(0);
        return app;
    }

    private synchronized void startOn(int requestedPort) {
        SocketServer io = SocketServer.create(ServerOptions.builder()
                .cors(CorsOptions.ANY_ORIGIN)
                .pingInterval(options.pingInterval())
                .pingTimeout(options.pingTimeout())
                .maxHttpBufferSize(options.maxHttpBufferSize())
                .parser(parser)
                .build());
        configure(io);
        this.port = io.listen("127.0.0.1", requestedPort).join().getPort();
        this.server = io;
    }

    static void configure(SocketServer io) {
        io.use((socket, next) -> {
            if ("reject".equals(socket.handshake().auth().get("token"))) {
                next.fail("Not authorized", Map.of("reason", "bad token"));
            } else {
                next.proceed();
            }
        });
        io.onConnection(socket -> {
            welcome(socket);
            socket.on("echo", echo(socket));
            socket.on("server-ack", (args, ack) -> {
                String event = args.getString(0);
                long timeoutMs = args.getLong(1);
                Object[] rest = args.list().subList(2, args.size()).toArray();
                socket.timeout(Duration.ofMillis(timeoutMs)).emitWithAck(event, rest).whenComplete((res, err) -> {
                    Map<String, Object> result = new LinkedHashMap<>();
                    if (err == null) {
                        result.put("ok", true);
                        result.put("response", res.list());
                    } else {
                        result.put("ok", false);
                        Throwable cause = err.getCause() != null ? err.getCause() : err;
                        result.put("error", cause.getMessage());
                    }
                    socket.emit("server-ack-result", result);
                });
            });
            socket.on("join", (args, ack) -> {
                socket.join(args.getString(0));
                ack.send();
            });
            socket.on("leave", (args, ack) -> {
                socket.leave(args.getString(0));
                ack.send();
            });
            socket.on("to-room", (args, ack) -> {
                io.to(args.getString(0)).emit(args.getString(1), rest(args, 2));
                ack.send();
            });
            socket.on("to-room-except", (args, ack) -> {
                io.to(args.getString(0)).except(args.getString(1)).emit(args.getString(2), rest(args, 3));
                ack.send();
            });
            socket.on("broadcast", (args, ack) -> {
                socket.broadcast().emit(args.getString(0), rest(args, 1));
                ack.send();
            });
            socket.on("disconnect-me", (args, ack) -> socket.disconnect(Boolean.TRUE.equals(args.get(0))));
            socket.on("count", (args, ack) -> ack.send(io.sockets().size()));
            socket.on("rooms", (args, ack) -> ack.send(new ArrayList<>(socket.rooms())));
        });

        Namespace admin = io.of("/admin");
        admin.use((socket, next) -> {
            if ("admin".equals(socket.handshake().auth().get("role"))) {
                next.proceed();
            } else {
                next.fail("forbidden");
            }
        });
        admin.onConnection(socket -> {
            welcome(socket);
            socket.on("echo", echo(socket));
        });

        io.of(Pattern.compile("^/dyn-\\d+$")).onConnection(socket -> {
            socket.emit("hello", Map.of("nsp", socket.namespace().name()));
            socket.on("echo", echo(socket));
        });
    }

    private static void welcome(ServerSocket socket) {
        Map<String, Object> welcome = new LinkedHashMap<>();
        welcome.put("id", socket.id());
        welcome.put("auth", socket.handshake().auth());
        socket.emit("welcome", welcome);
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

    private static Object[] rest(Args args, int from) {
        List<Object> all = args.list();
        return from >= all.size() ? new Object[0] : all.subList(from, all.size()).toArray();
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
        return "ZapAppServer{127.0.0.1:" + port + "}";
    }

}
