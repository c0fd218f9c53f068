package io.zapsocket.server.internal.engine;

import io.netty.buffer.ByteBuf;
import io.zapsocket.protocol.ProtocolException;
import io.zapsocket.protocol.engine.EngineCodec;
import io.zapsocket.protocol.engine.EnginePacket;
import io.zapsocket.server.internal.transport.OutFrame;
import io.zapsocket.server.internal.transport.WsConnection;
import io.zapsocket.server.internal.transport.WsListener;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The Engine.IO side of one WebSocket: decodes frames into packets on the connection's loop and forwards them,
 * in order, to its session's loop. Events that arrive before the session is attached are held and replayed.
 */
final class WsTransport implements WsListener {
    /** A close that cannot be written (the client stopped reading) is forced after this long. */
    private final long forceCloseNanos;
    // channel-loop state
    private WsConnection conn;
    private DefaultEngineSession session;
    private List<Consumer<DefaultEngineSession>> early;
    private boolean released;

    /** @param forceCloseNanos how long a close frame may wait behind unsent data before the socket is closed */
    WsTransport(long forceCloseNanos) {
        this.forceCloseNanos = forceCloseNanos;
    }

    /**
     * Attaches the connection and its session; on the connection's loop. Events keep being held until
     * {@link #release()}, so that the session can first take this transport as its own (open, or start the
     * upgrade): a close that arrived meanwhile must find it there, not be ignored as a stranger's.
     */
    void attach(WsConnection conn, DefaultEngineSession session) {
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

    /** Writes on the connection's own loop (the caller is on it), sharing corks through that loop's cache. */
    void writeOnLoop(List<OutFrame> frames, io.zapsocket.server.internal.transport.CorkCache corks) {
        conn.writeOnLoop(frames, corks);
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
        dispatch(s -> s.onWsWritable(this));
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
            dispatch(s -> s.onWsParseError(this, msg));
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
            s.onWsPacket(this, packet); // the common case, every message: no event object, no hop
        } else {
            dispatch(x -> x.onWsPacket(this, packet));
        }
    }

    @Override
    public void onError(Throwable cause) {
        String msg = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        dispatch(s -> s.onWsError(this, msg));
    }

    @Override
    public void onClose() {
        dispatch(s -> s.onWsClosed(this));
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

    @Override
    public String toString() {
        return "WsTransport[" + conn + "]";
    }
}
