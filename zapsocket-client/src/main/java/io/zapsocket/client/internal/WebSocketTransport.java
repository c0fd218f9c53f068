package io.zapsocket.client.internal;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakeException;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import io.netty.handler.ssl.SslHandler;
import io.zapsocket.client.TransportException;
import io.zapsocket.protocol.ProtocolException;
import io.zapsocket.protocol.Transport;
import io.zapsocket.protocol.engine.EngineCodec;
import io.zapsocket.protocol.engine.EnginePacket;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The WebSocket transport: one packet per frame, text frames {@code <type><data>}, binary frames the raw bytes of a
 * binary message. Incoming frames are copied to heap arrays and released at once (no pooled buffer escapes). Runs
 * on the client's event loop; not thread-safe.
 */
final class WebSocketTransport extends EngineTransport {
    private final EventLoop loop;
    private final Endpoint endpoint;
    private final Map<String, String> headers;
    private final int maxMessageBytes;
    private final int connectTimeoutMillis;
    private Channel channel;
    private boolean open;

    WebSocketTransport(Listener listener, String sid, EventLoop loop, Endpoint endpoint, Map<String, String> headers,
                       int maxMessageBytes, int connectTimeoutMillis) {
        super(listener, sid);
        this.loop = loop;
        this.endpoint = endpoint;
        this.headers = headers;
        this.maxMessageBytes = maxMessageBytes;
        this.connectTimeoutMillis = connectTimeoutMillis;
    }

    @Override
    Transport type() {
        return Transport.WEBSOCKET;
    }

    @Override
    void open() {
        HttpHeaders custom = new DefaultHttpHeaders();
        headers.forEach(custom::set);
        WebSocketClientProtocolConfig config = WebSocketClientProtocolConfig.newBuilder()
                .webSocketUri(endpoint.websocketUri(sid))
                .version(WebSocketVersion.V13)
                .customHeaders(custom)
                .maxFramePayloadLength(maxMessageBytes)
                .handshakeTimeoutMillis(connectTimeoutMillis)
                .handleCloseFrames(true)
                .dropPongFrames(true)
                .generateOriginHeader(false)
                .build();
        Bootstrap b = new Bootstrap().group(loop).channel(NioSocketChannel.class)
                .resolver(endpoint.resolver())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeoutMillis)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        SslHandler ssl = endpoint.newSslHandler(ch.alloc());
                        if (ssl != null) {
                            ch.pipeline().addLast(ssl);
                        }
                        ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(64 * 1024),
                                new WebSocketClientProtocolHandler(config),
                                new WebSocketFrameAggregator(maxMessageBytes), new FrameHandler());
                    }
                });
        ChannelFuture f = b.connect(endpoint.host(), endpoint.port());
        channel = f.channel();
        f.addListener(done -> {
            if (!done.isSuccess()) {
                fail(new TransportException("websocket error: cannot connect to " + endpoint.host() + ":"
                        + endpoint.port() + ": " + done.cause(), done.cause()));
            }
        });
    }

    @Override
    boolean writable() {
        return open && !closed && channel.isActive();
    }

    @Override
    void send(List<EnginePacket> packets) {
        if (!writable()) {
            return;
        }
        ChannelFuture last = null;
        for (EnginePacket p : packets) {
            WebSocketFrame frame = p.isBinary()
                    ? new BinaryWebSocketFrame(Unpooled.wrappedBuffer(p.binary()))
                    : new TextWebSocketFrame(EngineCodec.encodePacket(p));
            last = channel.write(frame);
        }
        channel.flush();
        if (last == null) {
            listener.onTransportDrain(this);
            return;
        }
        last.addListener(done -> {
            if (closed) {
                return;
            }
            if (done.isSuccess()) {
                listener.onTransportDrain(this);
            } else {
                fail(new TransportException("websocket error: write failed: " + done.cause(), done.cause()));
            }
        });
    }

    @Override
    void close(boolean graceful, Runnable onClosed) {
        if (closed || channel == null) {
            closed = true;
            if (onClosed != null) {
                onClosed.run();
            }
            return;
        }
        closed = true;
        Channel ch = channel;
        if (graceful && open && ch.isActive()) {
            ch.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.NORMAL_CLOSURE)).addListener(f -> {
                ch.close();
                if (onClosed != null) {
                    onClosed.run();
                }
            });
        } else {
            ch.close();
            if (onClosed != null) {
                onClosed.run();
            }
        }
    }

    private final class FrameHandler extends SimpleChannelInboundHandler<WebSocketFrame> {
        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
                handshakeDone();
            } else if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
                fail(new TransportException("websocket error: handshake timed out"));
            }
            super.userEventTriggered(ctx, evt);
        }

        /**
         * The first frame also completes the handshake: Netty may forward bytes that came with the 101 response
         * while it swaps the HTTP decoder for the WebSocket one, i.e. before HANDSHAKE_COMPLETE, and their packets
         * must never be handled while the transport still refuses to write (an open packet handled then would
         * leave the CONNECT unsent).
         */
        private void handshakeDone() {
            if (!closed && !open) {
                open = true;
                listener.onTransportOpen(WebSocketTransport.this);
            }
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
            if (closed) {
                return;
            }
            handshakeDone();
            if (closed) {
                return;
            }
            EnginePacket packet;
            if (frame instanceof TextWebSocketFrame text) {
                String s = text.content().toString(StandardCharsets.UTF_8);
                try {
                    packet = EngineCodec.decodePacket(s);
                } catch (ProtocolException e) {
                    fail(new ProtocolException("invalid packet from the server (" + e.getMessage() + "): "
                            + PollingTransport.snippet(s), e));
                    return;
                }
            } else if (frame instanceof BinaryWebSocketFrame) {
                ByteBuf content = frame.content();
                packet = EnginePacket.binary(ByteBufUtil.getBytes(content));
            } else {
                return; // ping/pong frames are answered by Netty
            }
            received(packet);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (!open) {
                fail(new TransportException("websocket error: connection closed before the handshake completed"));
            } else {
                peerClosed();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            String what = cause instanceof WebSocketClientHandshakeException h && h.response() != null
                    ? "upgrade refused: HTTP " + h.response().status().code()
                    : cause.toString();
            fail(new TransportException("websocket error: " + what, cause));
            ctx.close();
        }
    }
}
