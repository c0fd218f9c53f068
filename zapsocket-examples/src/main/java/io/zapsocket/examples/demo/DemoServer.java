package io.zapsocket.examples.demo;

import io.zapsocket.server.RecoveryOptions;
import io.zapsocket.server.ServerOptions;
import io.zapsocket.server.ServerSocket;
import io.zapsocket.server.SocketServer;
import io.zapsocket.server.StaticContent;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The demo: a shared todo list and a chat room, served by Zap-Socket with its web page ({@code /}) and the
 * official browser client ({@code /socket.io/socket.io.min.js}).
 *
 * <p>Events (all acknowledged; see {@link TodoHandlers} and {@link ChatRoom} for the answers):
 * <ul>
 *   <li>handshake {@code auth: {name}}: the user's display name (1-24 characters), else {@code invalid name};</li>
 *   <li>{@code sync} → {@code {ok:true, todos, chat, presence}}: the page asks for it on each connection that
 *       was not recovered;</li>
 *   <li>{@code todo:create {opId,id,text}}, {@code todo:update {opId,id,baseVersion,text?,completed?}},
 *       {@code todo:delete {opId,id}}; others get {@code todo:changed} / {@code todo:deleted};</li>
 *   <li>{@code chat:send {id,text}} → everyone gets {@code chat:message}; {@code chat:typing {typing}};</li>
 *   <li>{@code presence {version, users}} to everyone on each arrival and departure.</li>
 * </ul>
 * Connection state recovery is on: a page that was disconnected for less than two minutes gets its missed
 * events instead of re-syncing.
 *
 * <p>Run: {@code scripts/run-demo.sh [--port 3000]}, then open http://localhost:3000 in two windows.
 */
public final class DemoServer implements AutoCloseable {
    /** The class-path folder of the page (src/main/resources/...). */
    static final String WEB_ROOT = "io/zapsocket/examples/demo/web";

    private final SocketServer io;
    private final InetSocketAddress address;

    private DemoServer(SocketServer io, InetSocketAddress address) {
        this.io = io;
        this.address = address;
    }

    /** Starts the demo on {@code host:port} (port 0: a free one) with the given store. */
    public static DemoServer start(String host, int port, TodoStore store) {
        SocketServer io = SocketServer.create(ServerOptions.builder()
                .connectionStateRecovery(RecoveryOptions.DEFAULT)
                .staticContent(StaticContent.classpath("/", WEB_ROOT))
                .build());
        Clock clock = Clock.systemUTC();
        TodoHandlers todos = new TodoHandlers(store);
        ChatRoom chat = new ChatRoom(io, clock);
        Presence presence = new Presence(io);

        io.use((socket, next) -> {
            Object name = socket.handshake().auth().get("name");
            try {
                socket.data().put("name", Payloads.text(name instanceof String s ? s : null, "name",
                        Payloads.MAX_NAME));
                next.proceed();
            } catch (Payloads.Invalid e) {
                next.fail("invalid name", Map.of("message", e.getMessage()));
            }
        });
        io.onConnection(socket -> {
            String name = (String) socket.data().get("name");
            socket.on("sync", (args, ack) -> {
                Map<String, Object> state = new LinkedHashMap<>();
                state.put("ok", true);
                state.put("todos", store.list());
                state.put("chat", chat.history());
                state.put("presence", presence.snapshot());
                ack.send(state);
            });
            todos.bind(socket, name);
            chat.bind(socket, name);
            presence.bind(socket, name);
        });
        io.onError((ServerSocket socket, Throwable t) -> System.err.println(
                "handler failed" + (socket == null ? "" : " on " + socket.id()) + ": " + t));
        InetSocketAddress address = io.listen(host, port).orTimeout(30, TimeUnit.SECONDS).join();
        return new DemoServer(io, address);
    }

    public InetSocketAddress address() {
        return address;
    }

    public SocketServer socketServer() {
        return io;
    }

    /** Disconnects everyone and stops listening. */
    @Override
    public void close() {
        io.close().orTimeout(30, TimeUnit.SECONDS).join();
    }

    public static void main(String[] argv) throws InterruptedException {
        DemoArgs args;
        try {
            args = DemoArgs.parse(argv);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(DemoArgs.USAGE);
            System.exit(2);
            return;
        }
        if (args.redisUrl() != null) {
            System.err.println("--redis " + args.redisUrl() + ": the clustered mode (Redis adapter and store) is not"
                    + " available yet; run without --redis for the in-memory mode");
            System.exit(2);
            return;
        }
        DemoServer demo;
        try {
            demo = start(args.host(), args.port(), new InMemoryTodoStore());
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            System.err.println("cannot listen on " + args.host() + ":" + args.port() + ": " + cause.getMessage());
            System.exit(1);
            return;
        }
        String shown = "0.0.0.0".equals(args.host()) ? "localhost" : args.host();
        System.out.println("Zap-Socket demo on http://" + shown + ":" + demo.address().getPort()
                + "  (open it in two windows; Ctrl-C stops)");
        Runtime.getRuntime().addShutdownHook(new Thread(demo::close, "demo-shutdown"));
        Thread.currentThread().join();
    }
}
