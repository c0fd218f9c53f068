package io.zapsocket.webtransport.internal;

import io.netty.handler.codec.quic.QuicChannel;
import io.netty.util.collection.LongObjectHashMap;
import io.netty.util.collection.LongObjectMap;
import io.zapsocket.server.internal.engine.StreamTransports;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The WebTransport state of one QUIC connection: its sessions by id (the CONNECT stream's id). When its last session
 * ends, the connection is closed after a grace period (time for the last packets and FINs to be acknowledged)
 * unless a new session opened meanwhile. Confined to the connection's loop.
 */
final class WtConnection {
    private static final Logger log = LoggerFactory.getLogger(WtConnection.class);
    /** How long a QUIC connection without sessions stays open. */
    static final long IDLE_GRACE_MS = 1000;

    private final QuicChannel channel;
    private final WtServer server;
    private final LongObjectMap<WtSession> sessions = new LongObjectHashMap<>();
    private boolean closing;

    WtConnection(QuicChannel channel, WtServer server) {
        this.channel = channel;
        this.server = server;
    }

    QuicChannel channel() {
        return channel;
    }

    StreamTransports hook() {
        return server.hook();
    }

    WtServer server() {
        return server;
    }

    /** A new session, or {@code null} when the connection holds the most it may. */
    WtSession newSession(io.netty.handler.codec.quic.QuicStreamChannel connectStream,
                         io.zapsocket.server.RequestInfo request) {
        if (closing || sessions.size() >= server.options().maxSessionsPerConnection()) {
            return null;
        }
        WtSession s = new WtSession(this, connectStream, request);
        sessions.put(s.id(), s);
        return s;
    }

    /** The open session with this id, or {@code null}. */
    WtSession session(long id) {
        WtSession s = sessions.get(id);
        return s == null || s.isClosed() ? null : s;
    }

    void sessionEnded(WtSession s) {
        sessions.remove(s.id());
        if (sessions.isEmpty() && !channel.eventLoop().isShuttingDown()) {
            channel.eventLoop().schedule(() -> {
                if (sessions.isEmpty() && channel.isActive()) {
                    log.debug("{}: no session left, closing the QUIC connection", this);
                    closing = true;
                    channel.close(true, 0, io.netty.buffer.Unpooled.EMPTY_BUFFER);
                }
            }, IDLE_GRACE_MS, TimeUnit.MILLISECONDS);
        }
    }

    /** The QUIC connection closed: every session ends. */
    void closed() {
        closing = true;
        for (WtSession s : new ArrayList<>(sessions.values())) {
            s.onConnectStreamClosed();
        }
        sessions.clear();
    }

    @Override
    public String toString() {
        return "WtConnection" + channel.remoteSocketAddress();
    }
}
