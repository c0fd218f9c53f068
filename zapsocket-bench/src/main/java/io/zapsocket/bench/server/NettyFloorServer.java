package io.zapsocket.bench.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The floor of the fan-out benchmark: a bare Netty WebSocket server that writes the same bytes as a Socket.IO
 * broadcast ({@code 42["msg",payload]}) to every member of a room, with the cheapest technique Netty offers: the
 * frame (header included) is built once per publish and each member gets a {@code retainedDuplicate()}; members are
 * flushed once per event-loop tick, so publishes arriving together share a syscall per member.
 *
 * <p>It speaks just enough Engine.IO/Socket.IO for the load generator: the open packet, the {@code 40} CONNECT
 * reply, and the events {@code echo}, {@code join} and {@code publish} with their acks. No heartbeats, no
 * polling, no validation: it is a floor, not a server. Everything runs on one event loop.
 *
 * <p>Usage: {@code NettyFloorServer [--port=0] [--host=127.0.0.1] [--transport=epoll|io_uring]}; stdin protocol of {@link ServerControl}.
 */
public final class NettyFloorServer {
    private final Map<String, List<Conn>> rooms = new HashMap<>();
    private final List<Conn> dirty = new ArrayList<>();
    private boolean flushScheduled;
    private int sessions;
    private int connections;

    private NettyFloorServer() {
    }

    public static void main(String[] argv) throws InterruptedException {
        MainArgs args = new MainArgs(argv, "port", "host", "transport");
        String host = args.string("host", "127.0.0.1");
        int port = args.integer("port", 0);
        NettyFloorServer floor = new NettyFloorServer();
        boolean uring = args.string("transport", "epoll").equals("io_uring");
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1,
                uring ? IoUringIoHandler.newFactory() : EpollIoHandler.newFactory());
        WebSocketServerProtocolConfig ws = WebSocketServerProtocolConfig.newBuilder()
                .websocketPath("/socket.io/").checkStartsWith(true).maxFramePayloadLength(1 << 20).build();
        Channel server = new ServerBootstrap().group(group).channel(uring ? IoUringServerSocketChannel.class : EpollServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(65536),
                                new WebSocketServerProtocolHandler(ws), floor.new Conn());
                    }
                })
                .bind(host, port).sync().channel();
        ServerControl.ready(((InetSocketAddress) server.localAddress()).getPort());
        ServerControl.serve(() -> floor.connections, () -> {
            server.close().syncUninterruptibly();
            group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
        });
    }

    /** One WebSocket connection; all state is on the single event loop. */
    private final class Conn extends SimpleChannelInboundHandler<TextWebSocketFrame> {
        private Channel ch;
        private boolean isDirty;
        private final List<String> joined = new ArrayList<>(1);

        @Override
        public void channelActive(ChannelHandlerContext ctx) throws Exception {
            ch = ctx.channel();
            connections++;
            super.channelActive(ctx);
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
                String sid = "floor" + (++sessions);
                send("0{\"sid\":\"" + sid + "\",\"upgrades\":[],\"pingInterval\":25000,\"pingTimeout\":20000,"
                        + "\"maxPayload\":1000000}");
            }
            super.userEventTriggered(ctx, evt);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) {
            String text = frame.content().toString(StandardCharsets.UTF_8);
            if (text.equals("40") || text.startsWith("40{")) {
                send("40{\"sid\":\"s" + System.identityHashCode(this) + "\"}");
            } else if (text.startsWith("42")) {
                onEvent(text);
            }
        }

        /** {@code 42<id>["name",args...]}: only the shapes the load generator sends. */
        private void onEvent(String text) {
            int bracket = text.indexOf('[');
            String id = text.substring(2, bracket);
            int nameEnd = text.indexOf('"', bracket + 2);
            String name = text.substring(bracket + 2, nameEnd);
            String rest = text.substring(nameEnd + 1); // ,args...]  or  ]
            switch (name) {
                case "echo" -> send("43" + id + "[" + (rest.startsWith(",") ? rest.substring(1) : rest));
                case "join" -> {
                    String room = rest.substring(2, rest.indexOf('"', 2));
                    rooms.computeIfAbsent(room, r -> new ArrayList<>()).add(this);
                    joined.add(room);
                    ack(id);
                }
                case "publish" -> {
                    int roomEnd = rest.indexOf('"', 2);
                    String room = rest.substring(2, roomEnd);
                    String payload = rest.substring(roomEnd + 2, rest.length() - 1);
                    publish(room, ("42[\"msg\"," + payload + "]").getBytes(StandardCharsets.UTF_8));
                    ack(id);
                }
                default -> ack(id);
            }
        }

        private void ack(String id) {
            if (!id.isEmpty()) {
                send("43" + id + "[]");
            }
        }

        private void send(String text) {
            ch.writeAndFlush(new TextWebSocketFrame(text), ch.voidPromise());
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close(); // resets by the load generator's RST closes
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            connections--;
            for (String room : joined) {
                List<Conn> members = rooms.get(room);
                if (members != null) {
                    members.remove(this);
                }
            }
            super.channelInactive(ctx);
        }
    }

    /** Encodes the frame once and writes a duplicate to every member; flushes at the end of the tick. */
    private void publish(String room, byte[] payload) {
        List<Conn> members = rooms.get(room);
        if (members == null || members.isEmpty()) {
            return;
        }
        Channel first = members.get(0).ch;
        ByteBuf frame = first.alloc().directBuffer(payload.length + 4);
        frame.writeByte(0x81);
        if (payload.length < 126) {
            frame.writeByte(payload.length);
        } else {
            frame.writeByte(126).writeShort(payload.length);
        }
        frame.writeBytes(payload);
        try {
            for (Conn c : members) {
                c.ch.write(frame.retainedDuplicate(), c.ch.voidPromise());
                if (!c.isDirty) {
                    c.isDirty = true;
                    dirty.add(c);
                }
            }
        } finally {
            frame.release();
        }
        if (!flushScheduled) {
            flushScheduled = true;
            EventLoop loop = first.eventLoop();
            loop.execute(this::flushAll);
        }
    }

    private void flushAll() {
        flushScheduled = false;
        for (Conn c : dirty) {
            c.isDirty = false;
            c.ch.flush();
        }
        dirty.clear();
    }
}
