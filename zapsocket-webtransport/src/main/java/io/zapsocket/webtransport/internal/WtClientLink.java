package io.zapsocket.webtransport.internal;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownReadComplete;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.handler.codec.http3.DefaultHttp3HeadersFrame;
import io.netty.handler.codec.http3.DefaultHttp3SettingsFrame;
import io.netty.handler.codec.http3.Http3;
import io.netty.handler.codec.http3.Http3ClientConnectionHandler;
import io.netty.handler.codec.http3.Http3DataFrame;
import io.netty.handler.codec.http3.Http3HeadersFrame;
import io.netty.handler.codec.http3.Http3RequestStreamInboundHandler;
import io.netty.handler.codec.http3.Http3Settings;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicSslContext;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.handler.codec.quic.QuicStreamType;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ScheduledFuture;
import io.zapsocket.client.TransportException;
import io.zapsocket.client.internal.TransportLink;
import io.zapsocket.client.internal.TransportTarget;
import io.zapsocket.protocol.ProtocolException;
import io.zapsocket.protocol.engine.EngineCodec;
import io.zapsocket.protocol.engine.EnginePacket;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The Java client's side of one WebTransport session, as engine.io-client's {@code webtransport} transport: a QUIC
 * connection (its own UDP socket on the client's loop) with HTTP/3 and the WebTransport settings, the extended
 * CONNECT ({@code :protocol webtransport}) to the Engine.IO path, then one bidirectional stream (signal
 * {@code 0x41} and the session id) that carries the packets in engine.io-parser's stream framing
 * ({@link StreamFraming}), the first being the open packet ({@code 0}, or {@code 0{"sid":"..."}} to upgrade).
 *
 * <p>Confined to the client's event loop. Incoming bytes are copied into packets and released at once.
 */
final class WtClientLink implements TransportLink {
    /** How long a graceful close waits for the server to end the session before closing the connection. */
    static final long CLOSE_WAIT_MILLIS = 1000;
    /** The QUIC idle timeout this side offers; Engine.IO's heartbeat detects a dead server much sooner. */
    static final long IDLE_TIMEOUT_MILLIS = 300_000;
    private final TransportTarget target;
    private final QuicSslContext ssl;
    private final Events events;
    private final StreamFraming.Decoder decoder;
    private Channel udp;
    private QuicChannel quic;
    private QuicStreamChannel connectStream;
    private QuicStreamChannel stream;
    private ScheduledFuture<?> timeout;
    private boolean open;
    private boolean done;
    /** The rest of a graceful close, until the server ends the session; then a no-op. */
    private Runnable pendingClose;

    WtClientLink(TransportTarget target, QuicSslContext ssl, Events events) {
        this.target = target;
        this.ssl = ssl;
        this.events = events;
        this.decoder = new StreamFraming.Decoder(target.maxMessageBytes());
    }

    /** Resolves the host off the loop, then connects. */
    void start() {
        timeout = target.loop().schedule(() -> fail("timed out after " + target.connectTimeoutMillis() + " ms"),
                target.connectTimeoutMillis(), TimeUnit.MILLISECONDS);
        CompletableFuture.supplyAsync(() -> new InetSocketAddress(target.host(), target.port()))
                .whenComplete((address, error) -> target.loop().execute(() -> {
                    if (done) {
                        return;
                    }
                    if (error != null || address.isUnresolved()) {
                        fail("cannot resolve " + target.host());
                    } else {
                        bind(address);
                    }
                }));
    }

    private void bind(InetSocketAddress address) {
        ChannelFuture bound = new Bootstrap().group(target.loop()).channel(NioDatagramChannel.class)
                .handler(Http3.newQuicClientCodecBuilder()
                        .sslEngineProvider(q -> ssl.newEngine(q.alloc(), target.host(), target.port()))
                        // the lower of both sides' idle timeouts applies: the server's follows its heartbeat
                        .maxIdleTimeout(IDLE_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)
                        .initialMaxData(4L << 20)
                        .initialMaxStreamDataBidirectionalLocal(1 << 20)
                        .initialMaxStreamDataBidirectionalRemote(1 << 20)
                        .initialMaxStreamsBidirectional(4)
                        .initialMaxStreamsUnidirectional(8)
                        .initialMaxStreamDataUnidirectional(64 * 1024)
                        .datagram(16, 16)
                        .build())
                .bind(0);
        udp = bound.channel();
        bound.addListener(f -> {
            if (!f.isSuccess()) {
                fail("cannot open a UDP socket: " + f.cause(), f.cause());
            } else if (!done) {
                connect(address);
            }
        });
    }

    private void connect(InetSocketAddress address) {
        Http3Settings settings = new Http3Settings((id, v) -> true).enableH3Datagram(true).qpackMaxTableCapacity(0);
        settings.put(WtServer.SETTINGS_H3_DATAGRAM_DRAFT04, 1L);
        settings.put(WtServer.SETTINGS_ENABLE_WEBTRANSPORT, 1L);
        QuicChannel.newBootstrap(udp)
                .handler(new Http3ClientConnectionHandler(null, null, null, new DefaultHttp3SettingsFrame(settings),
                        true, (id, v) -> true))
                .remoteAddress(address)
                .connect()
                .addListener((Future<QuicChannel> f) -> {
                    if (!f.isSuccess()) {
                        fail("cannot connect to " + address + ": " + f.cause(), f.cause());
                        return;
                    }
                    quic = f.getNow();
                    quic.closeFuture().addListener(x -> peerGone());
                    if (done) {
                        quic.close();
                        return;
                    }
                    Http3.newRequestStream(quic, new ConnectStreamHandler()).addListener(
                            (Future<QuicStreamChannel> s) -> {
                                if (!s.isSuccess()) {
                                    fail("cannot open the CONNECT stream: " + s.cause(), s.cause());
                                    return;
                                }
                                connectStream = s.getNow();
                                sendConnect();
                            });
                });
    }

    private void sendConnect() {
        DefaultHttp3HeadersFrame req = new DefaultHttp3HeadersFrame();
        req.headers().method("CONNECT").protocol("webtransport").scheme("https").authority(target.authority())
                .path(target.requestTarget());
        target.headers().forEach((k, v) -> req.headers().set(k.toLowerCase(java.util.Locale.ROOT), v));
        connectStream.writeAndFlush(req).addListener(f -> {
            if (!f.isSuccess()) {
                fail("cannot send the CONNECT: " + f.cause(), f.cause());
            }
        });
    }

    /** The CONNECT was answered 200: opens the Engine.IO stream and sends the open packet. */
    private void sessionAccepted() {
        quic.createStream(QuicStreamType.BIDIRECTIONAL, new EngineStreamHandler()).addListener(
                (Future<QuicStreamChannel> f) -> {
                    if (!f.isSuccess()) {
                        fail("cannot open a stream: " + f.cause(), f.cause());
                        return;
                    }
                    stream = f.getNow();
                    if (done) {
                        stream.close();
                        return;
                    }
                    String openPacket = target.sid() == null ? "0" : "0{\"sid\":\"" + target.sid() + "\"}";
                    byte[] data = openPacket.getBytes(StandardCharsets.UTF_8);
                    ByteBuf b = stream.alloc().buffer(16 + data.length);
                    Varint.write(b, 0x41);
                    Varint.write(b, connectStream.streamId());
                    StreamFraming.writeHeader(b, data.length, false);
                    b.writeBytes(data);
                    stream.writeAndFlush(b).addListener(w -> {
                        if (!w.isSuccess()) {
                            fail("cannot write the open packet: " + w.cause(), w.cause());
                        } else if (!done) {
                            open = true;
                            cancelTimeout();
                            events.onOpen();
                        }
                    });
                });
    }

    @Override
    public boolean writable() {
        return open && !done && stream.isActive();
    }

    @Override
    public void send(List<EnginePacket> packets) {
        List<byte[]> payloads = new ArrayList<>(packets.size());
        int total = 0;
        for (EnginePacket p : packets) {
            byte[] data = p.isBinary() ? p.binary() : EngineCodec.encodePacket(p).getBytes(StandardCharsets.UTF_8);
            payloads.add(data);
            total += StreamFraming.headerLength(data.length) + data.length;
        }
        ByteBuf out = stream.alloc().buffer(total);
        for (int i = 0; i < packets.size(); i++) {
            byte[] data = payloads.get(i);
            StreamFraming.writeHeader(out, data.length, packets.get(i).isBinary());
            out.writeBytes(data);
        }
        stream.writeAndFlush(out).addListener(f -> {
            if (done) {
                return;
            }
            if (f.isSuccess()) {
                events.onDrain();
            } else {
                fail("write failed: " + f.cause(), f.cause());
            }
        });
    }

    /**
     * Graceful: FIN on the Engine.IO stream and the CONNECT stream, then, once the server ended the session (or after
     * {@link #CLOSE_WAIT_MILLIS}), the QUIC connection's CONNECTION_CLOSE, so that what was written last (a Socket.IO
     * disconnect) still arrives; otherwise the connection is closed at once.
     */
    @Override
    public void close(boolean graceful, Runnable onClosed) {
        if (done && pendingClose != null) {
            return; // a graceful close is under way
        }
        done = true;
        cancelTimeout();
        if (graceful && stream != null && stream.isActive()) {
            pendingClose = () -> closeAll(onClosed);
            stream.shutdownOutput();
            if (connectStream.isActive()) {
                connectStream.shutdownOutput();
            }
            try {
                target.loop().schedule(this::finishClose, CLOSE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                finishClose(); // the loop is going: no waiting
            }
        } else {
            closeAll(onClosed);
        }
    }

    /** Ends a graceful close (the server ended the session, or the wait is over); once. */
    private void finishClose() {
        Runnable r = pendingClose;
        if (r != null) {
            pendingClose = () -> { };
            r.run();
        }
    }

    private void closeAll(Runnable onClosed) {
        decoder.release();
        if (quic != null && quic.isActive()) {
            quic.close().addListener(f -> {
                closeUdp();
                run(onClosed);
            });
        } else {
            closeUdp();
            run(onClosed);
        }
    }

    private void closeUdp() {
        if (udp != null) {
            udp.close();
        }
    }

    private static void run(Runnable r) {
        if (r != null) {
            r.run();
        }
    }

    private void cancelTimeout() {
        if (timeout != null) {
            timeout.cancel(false);
            timeout = null;
        }
    }

    private void fail(String message) {
        fail(message, null);
    }

    private void fail(String message, Throwable cause) {
        if (!done) {
            close(false, null);
            events.onError(new TransportException("webtransport error: " + message, cause));
        }
    }

    /** The server ended the session (stream or connection closed). */
    private void peerGone() {
        if (done) {
            finishClose();
            return;
        }
        if (!open) {
            fail("connection closed before the session opened");
            return;
        }
        close(false, null);
        events.onClose();
    }

    private void onPacket(boolean binary, ByteBuf payload) {
        if (done) {
            return;
        }
        EnginePacket packet;
        if (binary) {
            byte[] data = new byte[payload.readableBytes()];
            payload.readBytes(data);
            packet = EnginePacket.binary(data);
        } else {
            String s = payload.toString(StandardCharsets.UTF_8);
            try {
                packet = EngineCodec.decodePacket(s);
            } catch (ProtocolException e) {
                if (!done) {
                    close(false, null);
                    events.onError(new ProtocolException("invalid packet from the server (" + e.getMessage() + ")",
                            e));
                }
                return;
            }
        }
        events.onPacket(packet);
    }

    /** The CONNECT stream: its response opens the session, its end ends it. */
    private final class ConnectStreamHandler extends Http3RequestStreamInboundHandler {
        private boolean answered;

        @Override
        protected void channelRead(ChannelHandlerContext ctx, Http3HeadersFrame frame) {
            if (answered || done) {
                return;
            }
            answered = true;
            CharSequence status = frame.headers().status();
            if (status != null && "200".contentEquals(status)) {
                sessionAccepted();
            } else {
                fail("CONNECT refused: HTTP " + status);
            }
        }

        @Override
        protected void channelRead(ChannelHandlerContext ctx, Http3DataFrame frame) {
            frame.release(); // capsules (close, drain): the stream's end is what counts
        }

        @Override
        protected void channelInputClosed(ChannelHandlerContext ctx) {
            peerGone();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            peerGone();
            super.channelInactive(ctx);
        }
    }

    /** The Engine.IO stream: framed packets in, its end or error ends the transport. */
    private final class EngineStreamHandler extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof ByteBuf buf && !done) {
                decoder.decode(buf, WtClientLink.this::onPacket, error -> fail("bad framing from the server: " + error));
            } else {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof ChannelInputShutdownReadComplete) {
                peerGone();
            }
            ReferenceCountUtil.release(evt);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            fail("stream error: " + cause, cause);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            decoder.release();
            peerGone();
        }
    }
}
