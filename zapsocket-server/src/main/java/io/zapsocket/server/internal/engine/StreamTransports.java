package io.zapsocket.server.internal.engine;

import io.netty.channel.EventLoop;
import io.zapsocket.protocol.Transport;
import io.zapsocket.server.AllowRequest;
import io.zapsocket.server.RequestInfo;
import io.zapsocket.server.ServerObserver;
import io.zapsocket.server.ServerOptions;
import io.zapsocket.server.internal.transport.MessageConnection;
import io.zapsocket.server.internal.transport.WsListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * The hook through which an extra, stream-based transport reaches an {@link EngineServer}: the WebTransport module
 * ({@code zapsocket-webtransport}, to which this package is exported) hands each session's Engine.IO stream here once
 * the stream's first packet, the open packet, has arrived. From then on the stream is a {@link MessageConnection}
 * driven by the same {@link WsTransport} (and so the same session state machine, heartbeat, outbox budget, limits,
 * upgrade probe and metrics) as a WebSocket.
 *
 * <p>While a hook is {@linkplain #enable(EngineServer) enabled}, the handshake of a polling session lists
 * {@code webtransport} in its {@code upgrades}.
 */
public final class StreamTransports {
    private static final Logger log = LoggerFactory.getLogger(StreamTransports.class);

    private final EngineServer engine;

    private StreamTransports(EngineServer engine) {
        this.engine = engine;
    }

    /** Starts serving {@link Transport#WEBTRANSPORT} for {@code engine}: the handshakes list it as an upgrade. */
    public static StreamTransports enable(EngineServer engine) {
        engine.webTransportEnabled(true);
        return new StreamTransports(Objects.requireNonNull(engine, "engine"));
    }

    /** Stops listing {@code webtransport} as an upgrade (the listener is closing). */
    public void disable() {
        engine.webTransportEnabled(false);
    }

    public ServerOptions options() {
        return engine.options();
    }

    /** Whether a session with this {@code Origin} (may be {@code null}) for this authority may open. */
    public boolean originAllowed(String origin, String authority) {
        if (origin != null && EngineServer.hasInvalidHeaderChar(origin)) {
            return false;
        }
        boolean ok = engine.originAllowed(origin, authority);
        if (!ok) {
            engine.stats().refusedOrigin0();
        }
        return ok;
    }

    /**
     * The open packet arrived on a new stream (on the stream's loop). With {@code sid == null} a new session opens
     * over the stream (after the draining, rate-limit, {@code maxConnections} and {@code allowRequest} checks the
     * other handshakes pass); else the stream is probed as an upgrade of session {@code sid}. Returns the listener
     * of the stream's next messages: it holds them until the session is attached. When the stream is refused,
     * {@code refused} gets the reason (on the stream's loop) and the caller closes the session.
     */
    public WsListener open(MessageConnection conn, RequestInfo info, String sid, Consumer<String> refused) {
        ServerOptions options = engine.options();
        WsTransport wst = new WsTransport(options.pingTimeout().toNanos(), Transport.WEBTRANSPORT);
        EventLoop loop = conn.channel().eventLoop();
        if (sid != null) {
            DefaultEngineSession session = engine.sessionById(sid);
            if (session == null) {
                refused.accept(EngineError.UNKNOWN_SID.message);
                return wst;
            }
            wst.attach(conn, session);
            session.runOnLoop(() -> session.onWebSocketUpgrade(wst));
            wst.release();
            return wst;
        }
        if (engine.isDraining()) {
            engine.stats().refused(ServerObserver.HandshakeRefusal.DRAINING);
            refused.accept(EngineError.DRAINING.message);
            return wst;
        }
        if (!engine.withinRateLimit(info.remoteAddress())) {
            engine.stats().refusedRateLimited0();
            refused.accept(EngineError.TOO_MANY_REQUESTS.message);
            return wst;
        }
        AllowRequest gate = options.allowRequest();
        if (gate == null) {
            handshake(conn, wst, info, refused);
            return wst;
        }
        CompletionStage<Void> verdict;
        try {
            verdict = Objects.requireNonNull(gate.check(info), "allowRequest returned null");
        } catch (RuntimeException e) {
            verdict = CompletableFuture.failedFuture(e);
        }
        verdict.whenComplete((ok, err) -> {
            Runnable next = err == null ? () -> handshake(conn, wst, info, refused) : () -> {
                engine.stats().refused(ServerObserver.HandshakeRefusal.FORBIDDEN);
                refused.accept(EngineError.FORBIDDEN.message);
            };
            if (loop.inEventLoop()) {
                next.run();
            } else {
                try {
                    loop.execute(next);
                } catch (RejectedExecutionException e) {
                    log.debug("event loop shut down during allowRequest");
                }
            }
        });
        return wst;
    }

    private void handshake(MessageConnection conn, WsTransport wst, RequestInfo info, Consumer<String> refused) {
        if (!conn.channel().isActive()) {
            return; // gone while allowRequest decided
        }
        if (!engine.admit()) {
            engine.stats().refusedTooManyConnections0();
            refused.accept(EngineError.TOO_MANY_CONNECTIONS.message);
            return;
        }
        DefaultEngineSession session = engine.register(conn.channel().eventLoop(), info, Transport.WEBTRANSPORT);
        wst.attach(conn, session);
        session.openWebSocket(wst);
        wst.release();
    }

}
