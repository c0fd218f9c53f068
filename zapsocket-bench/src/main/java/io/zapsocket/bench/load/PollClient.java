package io.zapsocket.bench.load;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;

/**
 * An Engine.IO v4 long-polling client: one keep-alive connection for the GETs (one always pending once connected)
 * and one for the POSTs (one at a time, the rest queued: Engine.IO refuses overlapping data requests). It
 * connects to the main namespace, answers pings and reports acks.
 *
 * <p>Not thread-safe: everything runs on the {@link LoadGen}'s event loop.
 */
public final class PollClient {

    /** Callbacks on the event loop. */
    public interface Listener {
        default void onConnected(PollClient c) {
        }

        default void onAck(PollClient c, long id) {
        }

        /** An event {@code 42[...]}: {@code body.substring(from, to)} is the packet. */
        default void onEvent(PollClient c, String body, int from, int to) {
        }

        default void onClosed(PollClient c, Throwable cause) {
        }
    }

    private static final String PATH = "/socket.io/?EIO=4&transport=polling";

    private final LoadGen gen;
    private final int index;
    private final Listener listener;
    private final String host;
    private final ArrayDeque<String> postQueue = new ArrayDeque<>();
    private Channel getCh;
    private Channel postCh;
    private String sid;
    private boolean postInFlight;
    private boolean connected;
    private boolean closed;
    private boolean closing;
    /** A new POST connection is being opened (the previous one was closed while idle). */
    private boolean postReopening;
    /** POST connections reopened after the server closed an idle one. */
    public int postReopened;
    /** Free for the scenario. */
    public long nextId;
    /** Free for the scenario. */
    public long sentAt;
    /** GETs answered with packets (after the handshake): the polls that delivered something. */
    public long getsAnswered;

    public PollClient(LoadGen gen, int index, Listener listener) {
        this.gen = gen;
        this.index = index;
        this.listener = listener;
        this.host = gen.target().getAddress().getHostAddress() + ":" + gen.target().getPort();
    }

    public int index() {
        return index;
    }

    public boolean isConnected() {
        return connected && !closed;
    }

    /** Whether the CONNECT reply ever arrived (even if the client closed since). */
    public boolean wasConnected() {
        return connected;
    }

    /** Connects (handshake GET, then the CONNECT of the main namespace); call on the loop. */
    public void start() {
        open(true);
    }

    private void open(boolean forGet) {
        boolean first = postCh == null && !postReopening;
        gen.connect(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(1 << 20),
                        new SimpleChannelInboundHandler<FullHttpResponse>() {
                            @Override
                            public void channelActive(ChannelHandlerContext ctx) {
                                if (forGet) {
                                    getCh = ctx.channel();
                                    get();
                                } else if (first) {
                                    postCh = ctx.channel();
                                    post("40");
                                    get();
                                } else {
                                    // a new POST connection after the server closed an idle one
                                    postCh = ctx.channel();
                                    postReopening = false;
                                    String next = postQueue.poll();
                                    if (next != null) {
                                        post(next);
                                    }
                                }
                            }

                            @Override
                            protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse res) {
                                if (forGet) {
                                    onGetResponse(res);
                                } else {
                                    onPostResponse(res);
                                }
                            }

                            @Override
                            public void channelInactive(ChannelHandlerContext ctx) {
                                if (!forGet && !postInFlight && !closed && ctx.channel() == postCh) {
                                    // the server's keep-alive timeout closed the idle POST connection (Node and
                                    // Zap-Socket: 5 s): as a browser does, open another one for the next POST
                                    postCh = null;
                                    postReopened++;
                                    return;
                                }
                                fail(null);
                            }

                            @Override
                            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                fail(cause);
                            }
                        });
            }
        }).addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess()) {
                fail(f.cause());
            }
        });
    }

    private String uri() {
        return sid == null ? PATH : PATH + "&sid=" + sid;
    }

    private void get() {
        if (closed) {
            return;
        }
        FullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, uri(),
                Unpooled.EMPTY_BUFFER);
        req.headers().set(HttpHeaderNames.HOST, host);
        getCh.writeAndFlush(req, getCh.voidPromise());
    }

    /** Sends one Engine.IO payload (e.g. {@code 421["echo","x"]}); queued while another POST is in flight. */
    public void post(String payload) {
        if (closed) {
            return;
        }
        if (postInFlight || postReopening) {
            postQueue.add(payload);
            return;
        }
        if (postCh == null) {
            postQueue.add(payload);
            postReopening = true;
            open(false);
            return;
        }
        postInFlight = true;
        ByteBuf body = Unpooled.wrappedBuffer(payload.getBytes(StandardCharsets.UTF_8));
        FullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, uri(), body);
        req.headers().set(HttpHeaderNames.HOST, host)
                .set(HttpHeaderNames.CONTENT_TYPE, "text/plain;charset=UTF-8")
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
        postCh.writeAndFlush(req, postCh.voidPromise());
    }

    private void onPostResponse(FullHttpResponse res) {
        if (res.status().code() != 200) {
            fail(new IllegalStateException("POST answered " + res.status()));
            return;
        }
        postInFlight = false;
        if (closing && postQueue.isEmpty()) {
            abort();
            return;
        }
        String next = postQueue.poll();
        if (next != null) {
            post(next);
        }
    }

    private void onGetResponse(FullHttpResponse res) {
        if (res.status().code() != 200) {
            fail(new IllegalStateException("GET answered " + res.status()));
            return;
        }
        String body = res.content().toString(StandardCharsets.UTF_8);
        if (sid == null) {
            int at = body.indexOf("\"sid\":\"");
            if (!body.startsWith("0") || at < 0) {
                fail(new IllegalStateException("bad open packet: " + body));
                return;
            }
            sid = body.substring(at + 7, body.indexOf('"', at + 7));
            open(false); // the POST connection sends the CONNECT, then the first long poll starts
            return;
        }
        getsAnswered++;
        int start = 0;
        while (start <= body.length() && !closed) {
            int end = body.indexOf('\u001e', start);
            if (end < 0) {
                end = body.length();
            }
            onPacket(body, start, end);
            start = end + 1;
        }
        if (!closing) {
            get();
        }
    }

    private void onPacket(String body, int from, int to) {
        if (to - from < 1) {
            return;
        }
        char type = body.charAt(from);
        if (type == '2') {
            post("3");
        } else if (type == '1') {
            fail(null);
        } else if (type == '4' && to - from >= 2) {
            char t = body.charAt(from + 1);
            if (t == '0' && !connected) {
                connected = true;
                listener.onConnected(this);
            } else if (t == '2') {
                listener.onEvent(this, body, from, to);
            } else if (t == '3') {
                long id = 0;
                for (int i = from + 2; i < to && Character.isDigit(body.charAt(i)); i++) {
                    id = id * 10 + (body.charAt(i) - '0');
                }
                listener.onAck(this, id);
            }
        }
    }

    /**
     * Closes the session like a client does over polling (a {@code 1} packet), then the connections once that
     * POST is answered; without it the server would only notice at the next heartbeat.
     */
    public void close() {
        if (closed || sid == null) {
            abort();
            return;
        }
        closing = true;
        post("1");
    }

    /** Closes both connections with RST. */
    public void abort() {
        closed = true;
        for (Channel c : new Channel[]{getCh, postCh}) {
            if (c != null && c.isOpen()) {
                c.config().setOption(ChannelOption.SO_LINGER, 0);
                c.close();
            }
        }
    }

    private void fail(Throwable cause) {
        if (closed) {
            return;
        }
        closed = true;
        abort();
        listener.onClosed(this, cause);
    }
}
