package io.zapsocket.server.internal.engine;

import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpHeaders;
import io.zapsocket.protocol.ProtocolException;
import io.zapsocket.protocol.Transport;
import io.zapsocket.protocol.engine.EnginePacket;
import io.zapsocket.server.Priority;
import io.zapsocket.server.RequestInfo;
import io.zapsocket.server.ServerOptions;
import io.zapsocket.server.internal.transport.HttpExchange;
import io.zapsocket.server.internal.transport.OutFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The Engine.IO session state machine: state, open, packets from the client, the switch to a WebSocket and close.
 * Its parts are classes of their own: the transports, {@link PollingTransport} (poll GETs, data POSTs, payload
 * encoding) and {@link WsTransport} (one WebSocket's frames and writes); the {@link Upgrade} attempt (the probe);
 * the {@link Heartbeat}; and the {@link Outbox} (the write buffer and its budget).
 *
 * <p>All mutable state is confined to {@link #eventLoop()}; requests and frames arriving on other loops hop here
 * with {@code execute()}. {@code state}, {@code transport} and the outbox's byte count are volatile only so that
 * {@link #isOpen()}, {@link #transport()} and {@link #isWritable()} can be read from any thread.
 *
 * <p>Outbound packets wait in the session's {@link Outbox}, by priority, flushed once per loop tick within a
 * budget (see there); {@code volatile} messages are dropped here when the transport is not writable.
 */
final class DefaultEngineSession implements EngineSession {
    private static final Logger log = LoggerFactory.getLogger(DefaultEngineSession.class);

    static final OutFrame CLOSE = OutFrame.text("1");
    static final OutFrame NOOP = OutFrame.text("6");
    /** How long the sid of a session closed by the client still answers one racing poll with a noop. */
    static final long CLIENT_CLOSE_LINGER_MS = 1000;

    private enum State { OPEN, CLOSING, CLOSED }

    private final EngineServer server;
    private final ServerOptions options;
    private final String id;
    private final EventLoop loop;
    private final RequestInfo request;
    private final long pingIntervalNanos;
    private final long pingTimeoutNanos;
    private final Heartbeat heartbeat;
    private final Outbox outbox;

    private volatile State state = State.OPEN;
    private volatile Transport transport;

    private EngineSessionListener listener;
    private boolean opening;
    private String[] closedWhileOpening;

    private final EngineStats stats;

    /** The polling transport: from the start for a session opened over polling, else made by {@link #polling()}. */
    private PollingTransport polling;
    // websocket
    private volatile WsTransport ws;
    /** The upgrade to a WebSocket in progress, or {@code null}. */
    private Upgrade upgrade;
    // graceful close over polling without a pending GET
    private ScheduledFuture<?> closeTimer;
    private CompletableFuture<Void> closedFuture;

    DefaultEngineSession(EngineServer server, String id, EventLoop loop, RequestInfo request, Transport transport) {
        this.server = server;
        this.options = server.options();
        this.id = id;
        this.loop = loop;
        this.request = request;
        this.transport = transport;
        this.pingIntervalNanos = options.pingInterval().toNanos();
        this.pingTimeoutNanos = options.pingTimeout().toNanos();
        this.stats = server.stats();
        this.outbox = new Outbox(this, options, stats, server.flusher(loop), server.observers());
        this.heartbeat = new Heartbeat(this, loop, pingIntervalNanos, pingTimeoutNanos);
        this.polling = transport == Transport.POLLING ? new PollingTransport(this, server) : null;
    }

    // ------------------------------------------------------------------ EngineSession

    @Override
    public String id() {
        return id;
    }

    @Override
    public EventLoop eventLoop() {
        return loop;
    }

    /** The server's options. */
    ServerOptions options() {
        return options;
    }

    @Override
    public RequestInfo request() {
        return request;
    }

    @Override
    public Transport transport() {
        return transport;
    }

    @Override
    public boolean isOpen() {
        return state == State.OPEN;
    }

    /** Whether the session has ended (not merely closing). */
    boolean isClosed() {
        return state == State.CLOSED;
    }

    /** Whether the session is closing: its close packet not yet delivered. */
    boolean isClosing() {
        return state == State.CLOSING;
    }

    /** What the session has to send. */
    Outbox outbox() {
        return outbox;
    }

    /** Bytes queued, not yet written (read off the loop, for a gauge). */
    long queuedBytes() {
        return outbox.queuedBytes();
    }

    /**
     * Whether the transport takes data right now: less than {@code writeBufferHighWaterMark} queued in the session
     * and, over WebSocket, a writable channel.
     */
    @Override
    public boolean isWritable() {
        if (state != State.OPEN || outbox.queuedBytes() >= options.writeBufferHighWaterMark()) {
            return false;
        }
        if (transport != Transport.POLLING) {
            WsTransport w = ws;
            return w != null && w.isWritable();
        }
        return true;
    }

    @Override
    public void send(OutboundMessage message) {
        if (loop.inEventLoop()) {
            sendOnLoop(message); // a broadcast from this loop: no task per recipient
        } else {
            runOnLoop(() -> sendOnLoop(message));
        }
    }

    private void sendOnLoop(OutboundMessage message) {
        if (state != State.OPEN) {
            return;
        }
        if (message.isVolatile() && !isWritable()) {
            stats.volatileDropped();
            return;
        }
        outbox.add(message.entry()); // the entry (frames, size) is the message's, shared by all its recipients
    }

    /** A message for this session alone: its queue entry directly, without an {@link OutboundMessage} to share. */
    @Override
    public void sendText(byte[] utf8WithType) {
        OutboundMessage.requireMessagePacket(utf8WithType);
        if (loop.inEventLoop()) {
            sendTextOnLoop(utf8WithType);
        } else {
            runOnLoop(() -> sendTextOnLoop(utf8WithType));
        }
    }

    private void sendTextOnLoop(byte[] utf8WithType) {
        if (state == State.OPEN) {
            outbox.add(OutboundQueue.Entry.of(Priority.NORMAL, OutFrame.text(utf8WithType)));
        }
    }

    @Override
    public void sendBinary(byte[] data) {
        runOnLoop(() -> {
            if (state == State.OPEN) {
                outbox.add(OutboundQueue.Entry.of(Priority.NORMAL, OutFrame.binary(data)));
            }
        });
    }

    @Override
    public void close() {
        runOnLoop(() -> closeGracefully(true));
    }

    /** Closes without waiting for a poll request: flush what can be flushed, send {@code 1}, close. */
    CompletableFuture<Void> closeNow() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        boolean queued = runOnLoop(() -> {
            if (state == State.CLOSED) {
                done.complete(null);
                return;
            }
            closedFuture = done;
            if (state == State.OPEN) {
                closeGracefully(false);
            }
            if (state != State.CLOSED) {
                terminate("forced close", "server closing", CLOSE);
            }
        });
        if (!queued) {
            done.complete(null); // the loop is gone, and the session with it
        }
        return done;
    }

    // ------------------------------------------------------------------ open

    /** Handshake over polling: answers {@code ex} with the open packet (+ initialPacket), then notifies the handler. */
    void openPolling(HttpExchange ex, HttpHeaders extraHeaders) {
        heartbeat.start();
        polling.open(ex, server.openFrames(id, Transport.POLLING), extraHeaders);
        notifyOpen();
    }

    /** Handshake over WebSocket: sends the open packet (+ initialPacket) as first frames, then notifies the handler. */
    void openWebSocket(WsTransport wst) {
        ws = wst;
        outbox.socketChanged();
        heartbeat.start();
        wst.write(server.openFrames(id, wst.kind()));
        notifyOpen();
    }

    private void notifyOpen() {
        opening = true;
        EngineSessionListener l;
        int mdc = EngineMdc.enter(this);
        try {
            log.debug("session {} open ({})", id, transport.wireName());
            l = server.handler().onOpen(this);
        } catch (RuntimeException e) {
            log.warn("session {}: handler.onOpen failed", id, e);
            l = null;
        } finally {
            opening = false;
            EngineMdc.exit(mdc);
        }
        if (l == null) {
            l = EngineSessionListener.NOOP;
            if (state == State.OPEN) {
                terminate("transport error", "handler refused the session", CLOSE);
            }
        }
        listener = l;
        if (closedWhileOpening != null) {
            String[] c = closedWhileOpening;
            closedWhileOpening = null;
            notifyClose(c[0], c[1]);
        }
    }

    // ------------------------------------------------------------------ heartbeat

    /**
     * Closes the session if the pong deadline has passed, even if the timer has not run yet: a request that
     * arrives just after the deadline must already find the session closed. Whether it did.
     */
    boolean heartbeatExpired() {
        return heartbeat.expireIfDue();
    }

    // ------------------------------------------------------------------ outbound

    /** Writes what the transport takes now; called by the loop's {@link LoopFlusher} once per tick. */
    void flushNow() {
        outbox.flushTick();
        if (state == State.CLOSED || outbox.isEmpty()) {
            return;
        }
        if (transport != Transport.POLLING) {
            outbox.flushTo(ws, loop);
        } else if (hasPendingPoll()) {
            respondPoll(outbox.drainAll());
        }
    }

    /** Answers the waiting poll GET with {@code d}. */
    void respondPoll(Outbox.Drained d) {
        polling.respond(d.frames(), d.compress());
    }

    // ------------------------------------------------------------------ polling

    /** The polling transport: this session's, or, for a stray poll to a WebSocket session, one made to refuse it. */
    PollingTransport polling() {
        if (polling == null) {
            polling = new PollingTransport(this, server);
        }
        return polling;
    }

    // ------------------------------------------------------------------ packets from the active transport

    /** A packet from the client on the active transport (over polling, all but the close). */
    void onPacket(EnginePacket packet) {
        switch (packet.type()) {
            case PONG -> heartbeat.onPong();
            case MESSAGE -> deliver(packet);
            case PING -> terminate("transport error", "invalid heartbeat direction", CLOSE);
            case CLOSE -> terminate("transport close", "client closed", CLOSE);
            default -> {
                // open/upgrade/noop from the client on the active transport: ignored, as in Node
            }
        }
    }

    private void deliver(EnginePacket packet) {
        try {
            if (packet.isBinary()) {
                listener.onBinary(packet.binary());
            } else {
                listener.onMessage(packet.text());
            }
        } catch (ProtocolException e) {
            EngineMdc.debug(log, this, "session {}: listener rejected a message: {}", id, e.getMessage());
            terminate("parse error", e.getMessage(), CLOSE);
        } catch (RuntimeException e) {
            EngineMdc.warn(log, this, "session {}: listener failed on a message", id, e);
        }
    }

    // ------------------------------------------------------------------ upgrade

    /** The upgrade in progress, or {@code null}. */
    Upgrade upgrade() {
        return upgrade;
    }

    /**
     * A WebSocket with this session's sid completed its handshake (or a WebTransport stream sent its open packet
     * with this sid): start the upgrade, or refuse it.
     */
    void onWebSocketUpgrade(WsTransport wst) {
        heartbeatExpired();
        if (state != State.OPEN || transport != Transport.POLLING || upgrade != null || !options.allowUpgrades()) {
            EngineMdc.debug(log, this, "session {}: refusing WebSocket (state {}, transport {}, upgrading {})", id,
                    state, transport, upgrade != null);
            wst.close();
            return;
        }
        upgrade = new Upgrade(this, wst);
        upgrade.start(loop, options.upgradeTimeout().toNanos());
    }

    /** The client sent {@code 5} on the WebSocket of {@code u}: from now on it is the session's transport. */
    void completeUpgrade(Upgrade u) {
        WsTransport w = u.ws();
        clearUpgrade();
        if (state == State.CLOSING) {
            // closed while the client was switching: it now listens on the WebSocket only
            w.write(outbox.drainAll().plus(CLOSE));
            ws = w;
            transport = w.kind();
            server.onUpgraded(this);
            terminate("forced close", null, CLOSE);
            return;
        }
        if (hasPendingPoll()) {
            // a poll sent after the probe, racing the "5": it belongs after the upgrade (transport mismatch)
            polling.refusePendingGet();
        }
        ws = w;
        outbox.socketChanged();
        transport = w.kind();
        server.onUpgraded(this);
        int mdc = EngineMdc.enter(this);
        try {
            log.debug("session {} upgraded to {}", id, transport.wireName());
            listener.onUpgrade(transport);
        } catch (RuntimeException e) {
            log.warn("session {}: listener failed on upgrade", id, e);
        } finally {
            EngineMdc.exit(mdc);
        }
        if (!outbox.isEmpty() && state == State.OPEN) {
            outbox.scheduleFlush();
        }
    }

    /** Ends the upgrade in progress, if any (its WebSocket closed, or it completed). */
    void clearUpgrade() {
        if (upgrade != null) {
            upgrade.stop();
            upgrade = null;
        }
    }

    /** Ends the upgrade in progress, if any, and closes its WebSocket; the session goes on polling. */
    void cancelUpgrade() {
        Upgrade u = upgrade;
        clearUpgrade();
        if (u != null) {
            u.ws().close();
        }
    }

    // ------------------------------------------------------------------ close

    /**
     * Graceful close: flush, {@code 1}, close. Over polling without a pending GET, waits for the next GET (at most
     * pingInterval + pingTimeout, after which the client considers the session dead anyway).
     */
    private void closeGracefully(boolean waitForPoll) {
        if (state != State.OPEN) {
            return;
        }
        state = State.CLOSING;
        heartbeat.stop();
        if (!(upgrade != null && upgrade.probed() && !hasPendingPoll())) {
            cancelUpgrade();
        }
        // else: the client got "3probe" and paused polling; it may already have switched to the WebSocket and sent
        // "5". Keep the upgrade: the "5" (deliver there) or a GET (deliver there) tells where the buffer must go.
        if (transport != Transport.POLLING) {
            ws.write(outbox.drainAll().plus(CLOSE));
            terminate("forced close", null, CLOSE);
        } else if (hasPendingPoll() && (waitForPoll || outbox.isEmpty())) {
            polling.answerWhileClosing();
            if (state != State.CLOSED) {
                scheduleCloseTimer();
            }
        } else if (hasPendingPoll()) {
            // closing now (the server shuts down): no next poll to wait for
            Outbox.Drained d = outbox.drainAll();
            polling.respond(d.plus(CLOSE), d.compress());
            terminate("forced close", null, CLOSE);
        } else if (waitForPoll) {
            scheduleCloseTimer();
        }
    }

    /** A closing session waits this long for the poll request that takes its close packet. */
    private void scheduleCloseTimer() {
        closeTimer = loop.schedule(() -> {
            closeTimer = null;
            terminate("forced close", "no poll request to deliver the close packet", CLOSE);
        }, pingIntervalNanos + pingTimeoutNanos, TimeUnit.NANOSECONDS);
    }

    /**
     * Ends the session: timers stopped, buffer dropped, a pending GET answered with {@code pendingGetReply},
     * WebSockets closed, removed from the server, listener notified. Idempotent.
     */
    void terminate(String reason, String description, OutFrame pendingGetReply) {
        if (state == State.CLOSED) {
            return;
        }
        int mdc = EngineMdc.enter(this);
        try {
            terminateInContext(reason, description, pendingGetReply);
        } finally {
            EngineMdc.exit(mdc);
        }
    }

    private void terminateInContext(String reason, String description, OutFrame pendingGetReply) {
        log.debug("session {} closed: {}{}", id, reason, description == null ? "" : " (" + description + ")");
        state = State.CLOSED;
        heartbeat.stop();
        Heartbeat.cancel(closeTimer);
        closeTimer = null;
        outbox.clear();
        if (hasPendingPoll()) {
            polling.respond(List.of(pendingGetReply), false);
        }
        cancelUpgrade();
        if (ws != null) {
            ws.close();
        }
        server.remove(this);
        notifyClose(reason, description);
        if (closedFuture != null) {
            closedFuture.complete(null);
        }
    }

    private void notifyClose(String reason, String description) {
        if (listener == null) {
            if (opening) {
                closedWhileOpening = new String[]{reason, description};
            }
            return;
        }
        try {
            listener.onClose(reason, description);
        } catch (RuntimeException e) {
            log.warn("session {}: listener failed on close", id, e);
        }
    }

    /** Whether a long-polling GET is waiting; call on the session's loop. */
    boolean hasPendingPoll() {
        return polling != null && polling.hasPendingGet();
    }

    /** The outbound queue (for tests); use on the session's loop. */
    OutboundQueue queue() {
        return outbox.queue();
    }

    /** The WebSocket this session writes to (also while it still polls, once upgraded), or {@code null}. */
    WsTransport ws() {
        return ws;
    }

    /** The WebSocket's channel, or {@code null} (for tests). */
    io.netty.channel.Channel wsChannel() {
        WsTransport w = ws;
        return w == null ? null : w.channel();
    }

    /** Whether an upgrade is in progress (for tests); call on the session's loop. */
    boolean isUpgrading() {
        return upgrade != null;
    }

    /**
     * Runs {@code r} on this session's loop: directly when already there, else queued (order kept per caller).
     * Returns {@code false} if the loop is shut down and {@code r} was dropped.
     */
    boolean runOnLoop(Runnable r) {
        if (loop.inEventLoop()) {
            r.run();
            return true;
        }
        try {
            loop.execute(r);
            return true;
        } catch (RejectedExecutionException e) {
            EngineMdc.debug(log, this, "session {}: event loop shut down, dropping a task", id);
            return false;
        }
    }

    @Override
    public String toString() {
        return "EngineSession[" + id + ", " + transport + ", " + state + "]";
    }
}
