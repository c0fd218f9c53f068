package io.zapsocket.server.internal.engine;

import io.netty.buffer.ByteBuf;
import io.zapsocket.protocol.ProtocolException;
import io.zapsocket.protocol.Transport;
import io.zapsocket.protocol.engine.EngineCodec;
import io.zapsocket.protocol.engine.EnginePacket;
import io.zapsocket.server.internal.transport.OutFrame;
import io.zapsocket.server.internal.transport.MessageConnection;
import io.zapsocket.server.internal.transport.WsListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The Engine.IO side of one WebSocket, the session's transport once open or upgraded (as {@link PollingTransport}
 * is for polling): decodes frames into packets on the connection's loop and forwards them, in order, to its
 * session's loop, where they go to the session, or to its {@link Upgrade} while this WebSocket is being probed;
 * writes what the session's {@link Outbox} flushes. Events that arrive before the session is attached are held
 * and replayed.
 */
final class WsTransport implements WsListener {
    private static final Logger log = LoggerFactory.getLogger(WsTransport.class);
    /** A close that cannot be written (the client stopped reading) is forced after this long. */
    private final long forceCloseNanos;
    /** {@link Transport#WEBSOCKET}, or {@link Transport#WEBTRANSPORT} for a WebTransport stream. */
    private final Transport kind;
    // channel-loop state
    private MessageConnection conn;
    private DefaultEngineSession session;
    private List<Consumer<DefaultEngineSession>> early;
    private boolean released;

    /** @param forceCloseNanos how long a close frame may wait behind unsent data before the socket is closed */
    WsTransport(long forceCloseNanos) {
        this(forceCloseNanos, Transport.WEBSOCKET);
    }

    /**
     * @param forceCloseNanos how long a close may wait behind unsent data before the connection is closed
     * @param kind            the transport this connection is ({@code WEBSOCKET} or {@code WEBTRANSPORT})
     */
    WsTransport(long forceCloseNanos, Transport kind) {
        this.forceCloseNanos = forceCloseNanos;
        this.kind = kind;
    }

    /** The transport this connection is. */
    Transport kind() {
        return kind;
    }

    /**
     * Attaches the connection and its session; on the connection's loop. Events keep being held until
     * {@link #release()}, so that the session can first take this transport as its own (open, or start the
     * upgrade): a close that arrived meanwhile must find it there, not be ignored as a stranger's.
     */
    void attach(MessageConnection conn, DefaultEngineSession session) {
        this.conn = conn;
        this.session = session;
    }

    /** Replays the held events, in order, and forwards the next ones directly; on the connection's loop. */
    void release() {
        released = true;
        if (early != null) {
            List<Consumer<DefaultEngineSession>> events = early;
            early = null;
            events.forEach(this::dispatch);
        }
    }

    void write(List<OutFrame> frames) {
        conn.write(frames);
    }

    /**
     * Writes from {@code queue}, in its priority order, no more than the channel takes before it turns unwritable:
     * the rest stays queued (where priorities still apply). Call on the session's {@code loop}, with the channel
     * writable.
     *
     * <p>When the WebSocket lives on another loop (an upgrade that landed elsewhere), writes reach the channel a hop
     * later, so one more batch may be taken before the channel reports it is full: the overshoot is bounded by a
     * batch per tick and still counted against maxBufferedBytes once it arrives.
     *
     * @return the bytes the socket still holds after this write when known (the connection lives on {@code loop}:
     *     written and flushed synchronously), else {@code -1}
     */
    long flush(OutboundQueue queue, LoopFlusher flusher, io.netty.channel.EventLoop loop) {
        long budget = bytesBeforeUnwritable();
        if (!isOnLoop(loop)) {
            conn.write(queue.drain(budget, null));
            return -1;
        }
        // written and flushed synchronously: a reused list, and what the socket still holds is known now
        List<OutFrame> frames = flusher.frames();
        try {
            queue.drainInto(budget, null, frames);
            conn.writeOnLoop(frames, flusher.corks());
        } finally {
            flusher.release(frames);
        }
        return pendingBytes();
    }

    void close() {
        conn.close(forceCloseNanos);
    }

    boolean isWritable() {
        return conn != null && conn.isWritable();
    }

    /** Closes the connection at once, dropping what is still unsent (slow clients). */
    void abort() {
        conn.abort();
    }

    /** Whether the connection lives on {@code loop} (its writes then happen synchronously). */
    boolean isOnLoop(io.netty.channel.EventLoop loop) {
        return conn != null && conn.channel().eventLoop() == loop;
    }

    long pendingBytes() {
        return conn == null ? 0 : conn.pendingBytes();
    }

    long bytesBeforeUnwritable() {
        return conn == null ? 0 : conn.bytesBeforeUnwritable();
    }

    io.netty.channel.Channel channel() {
        return conn == null ? null : conn.channel();
    }

    @Override
    public void onWritable() {
        dispatch(this::writableOnLoop);
    }

    /**
     * A message packet ({@code 4...}, almost every frame) is decoded from the byte after its type digit: no string
     * of the whole frame to cut the digit off again. Anything else goes through {@link #onText(String)}.
     */
    @Override
    public void onText(ByteBuf utf8) {
        int n = utf8.readableBytes();
        if (n > 1 && utf8.getByte(utf8.readerIndex()) == '4') {
            onPacket(EnginePacket.message(utf8.toString(utf8.readerIndex() + 1, n - 1, StandardCharsets.UTF_8)));
        } else {
            onText(utf8.toString(StandardCharsets.UTF_8));
        }
    }

    @Override
    public void onText(String text) {
        EnginePacket packet;
        try {
            packet = EngineCodec.decodePacket(text);
        } catch (ProtocolException e) {
            String msg = e.getMessage();
            dispatch(s -> parseErrorOnLoop(s, msg));
            return;
        }
        onPacket(packet);
    }

    @Override
    public void onBinary(byte[] data) {
        onPacket(EngineCodec.decodeBinary(data));
    }

    private void onPacket(EnginePacket packet) {
        DefaultEngineSession s = session;
        if (released && s != null && s.eventLoop().inEventLoop()) {
            packetOnLoop(s, packet); // the common case, every message: no event object, no hop
        } else {
            dispatch(x -> packetOnLoop(x, packet));
        }
    }

    @Override
    public void onParseError(String message) {
        dispatch(s -> parseErrorOnLoop(s, message));
    }

    @Override
    public void onError(Throwable cause) {
        String msg = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        dispatch(s -> errorOnLoop(s, msg));
    }

    @Override
    public void onClose() {
        dispatch(this::closedOnLoop);
    }

    private void dispatch(Consumer<DefaultEngineSession> event) {
        DefaultEngineSession s = session;
        if (s == null || !released) {
            if (early == null) {
                early = new ArrayList<>(2);
            }
            early.add(event);
        } else {
            s.runOnLoop(() -> event.accept(s));
        }
    }

    // ------------------------------------------------------------------ on the session's loop
    // The session's WebSocket (its transport) or the one it probes for an upgrade: events of any other are stale.

    private boolean isProbing(DefaultEngineSession s) {
        Upgrade u = s.upgrade();
        return u != null && u.ws() == this;
    }

    private void packetOnLoop(DefaultEngineSession s, EnginePacket packet) {
        if (s.isClosed()) {
            return;
        }
        if (s.ws() == this && s.transport() == kind) {
            if (!s.heartbeatExpired() && s.isOpen()) {
                s.onPacket(packet);
            }
        } else if (isProbing(s)) {
            s.upgrade().onPacket(packet);
        }
    }

    private void parseErrorOnLoop(DefaultEngineSession s, String message) {
        if (s.isClosed()) {
            return;
        }
        if (s.ws() == this) {
            EngineMdc.debug(log, s, "session {}: parse error: {}", s.id(), message);
            s.terminate("parse error", message, DefaultEngineSession.CLOSE);
        } else if (isProbing(s)) {
            s.cancelUpgrade();
        }
    }

    private void errorOnLoop(DefaultEngineSession s, String message) {
        if (s.isClosed()) {
            return;
        }
        if (s.ws() == this) {
            s.terminate("transport error", message, DefaultEngineSession.CLOSE);
        } else if (isProbing(s)) {
            s.cancelUpgrade();
        }
    }

    private void closedOnLoop(DefaultEngineSession s) {
        if (s.isClosed()) {
            return;
        }
        if (s.ws() == this) {
            s.terminate(s.isClosing() ? "forced close" : "transport close", null, DefaultEngineSession.CLOSE);
        } else if (isProbing(s)) {
            s.clearUpgrade();
        }
    }

    /** The channel became writable again: the session resumes draining its outbox. */
    private void writableOnLoop(DefaultEngineSession s) {
        if (s.ws() == this && !s.isClosed() && !s.outbox().isEmpty()) {
            s.outbox().scheduleFlush();
        }
    }

    @Override
    public String toString() {
        return "WsTransport[" + conn + "]";
    }
}
