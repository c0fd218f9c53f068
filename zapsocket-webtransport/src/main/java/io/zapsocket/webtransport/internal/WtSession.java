package io.zapsocket.webtransport.internal;

import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.zapsocket.server.RequestInfo;
import io.zapsocket.server.internal.engine.StreamTransports;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One WebTransport session: its CONNECT stream (answered 200) and, once the client opened it, its Engine.IO stream
 * ({@link WtStreamConnection}). A session whose client sends no open packet within {@code upgradeTimeout} is
 * closed, like engine.io's. Closing the session ends both streams (FIN, then reset if that is not done within the
 * force timeout); the client closing either stream closes the session. Confined to the QUIC connection's loop.
 */
final class WtSession {
    private static final Logger log = LoggerFactory.getLogger(WtSession.class);
    /** WebTransport's application error code for a stream of a session that is gone (WT_SESSION_GONE). */
    static final int WT_SESSION_GONE = 0x170d7b68;

    private final WtConnection connection;
    private final QuicStreamChannel connectStream;
    private final RequestInfo request;
    private WtStreamConnection engineStream;
    private ScheduledFuture<?> handshakeTimer;
    private boolean handshakeReceived;
    private boolean closed;

    WtSession(WtConnection connection, QuicStreamChannel connectStream, RequestInfo request) {
        this.connection = connection;
        this.connectStream = connectStream;
        this.request = request;
    }

    long id() {
        return connectStream.streamId();
    }

    RequestInfo request() {
        return request;
    }

    StreamTransports hook() {
        return connection.hook();
    }

    boolean isClosed() {
        return closed;
    }

    /** Arms the handshake timeout. */
    void start(long timeoutNanos) {
        handshakeTimer = connectStream.eventLoop().schedule(() -> {
            handshakeTimer = null;
            if (!handshakeReceived && !closed) {
                log.debug("WebTransport session {}: no handshake within the upgrade timeout", this);
                close("handshake timeout");
            }
        }, timeoutNanos, TimeUnit.NANOSECONDS);
    }

    /** The client's bidirectional stream for this session; {@code false} if it already has one (refused). */
    boolean attach(WtStreamConnection stream) {
        if (closed || engineStream != null) {
            return false;
        }
        engineStream = stream;
        return true;
    }

    /** The open packet arrived: the handshake timeout no longer applies. */
    void handshakeReceived() {
        handshakeReceived = true;
        if (handshakeTimer != null) {
            handshakeTimer.cancel(false);
            handshakeTimer = null;
        }
    }

    /**
     * The server closes the Engine.IO stream after what is queued on it: FIN on it and on the CONNECT stream (the
     * session ends); anything still open after {@code forceAfterNanos} is reset.
     */
    void closeAfterFlush(long forceAfterNanos) {
        if (closed) {
            return;
        }
        closed = true;
        cancelTimer();
        if (engineStream != null && engineStream.channel().isActive()) {
            ((QuicStreamChannel) engineStream.channel()).shutdownOutput();
        }
        finishConnectStream();
        if (forceAfterNanos > 0) {
            later(forceAfterNanos);
        }
        connection.sessionEnded(this);
    }

    /** Ends the session now: both streams get FIN (a reset if they cannot take it) and the engine is told. */
    void close(String reason) {
        if (engineStream != null) {
            engineStream.notifyClosed();
        }
        if (closed) {
            return;
        }
        log.debug("WebTransport session {} closed: {}", this, reason);
        closed = true;
        cancelTimer();
        if (engineStream != null && engineStream.channel().isActive()) {
            QuicStreamChannel s = (QuicStreamChannel) engineStream.channel();
            s.shutdownOutput().addListener(ChannelFutureListener.CLOSE);
        }
        finishConnectStream();
        later(TimeUnit.SECONDS.toNanos(2));
        connection.sessionEnded(this);
    }

    private void finishConnectStream() {
        if (connectStream.isActive()) {
            connectStream.shutdownOutput().addListener(f -> {
                if (!f.isSuccess()) {
                    connectStream.close();
                }
            });
        }
    }

    /** Resets what is still open of the session after {@code nanos} (nothing to do if the loop is going). */
    private void later(long nanos) {
        try {
            connectStream.eventLoop().schedule(this::reset, nanos, TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // shutting down: the connection and its streams close with the loop
        }
    }

    /** Whatever is still open of this session is reset. */
    private void reset() {
        if (engineStream != null && engineStream.channel().isActive()) {
            ((QuicStreamChannel) engineStream.channel()).shutdown(WT_SESSION_GONE)
                    .addListener(ChannelFutureListener.CLOSE);
        }
        if (connectStream.isActive()) {
            connectStream.close();
        }
    }

    /** The client closed the CONNECT stream (or the connection went): the session is over. */
    void onConnectStreamClosed() {
        close("session closed by the client");
        if (engineStream != null && engineStream.channel().isActive()) {
            engineStream.channel().close();
        }
    }

    private void cancelTimer() {
        if (handshakeTimer != null) {
            handshakeTimer.cancel(false);
            handshakeTimer = null;
        }
    }

    @Override
    public String toString() {
        return connection + "#" + id();
    }
}
