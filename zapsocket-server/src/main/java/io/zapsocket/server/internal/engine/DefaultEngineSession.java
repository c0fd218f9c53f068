package io.zapsocket.server.internal.engine;

import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.zapsocket.protocol.ProtocolException;
import io.zapsocket.protocol.Transport;
import io.zapsocket.protocol.engine.EngineCodec;
import io.zapsocket.protocol.engine.EnginePacket;
import io.zapsocket.server.Priority;
import io.zapsocket.server.RequestInfo;
import io.zapsocket.server.ServerObserver;
import io.zapsocket.server.ServerOptions;
import io.zapsocket.server.internal.transport.HttpExchange;
import io.zapsocket.server.internal.transport.OutFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The Engine.IO session state machine: write buffer, polling requests, WebSocket, upgrade, heartbeat and close.
 *
 * <p>All mutable state is confined to {@link #eventLoop()}; requests and frames arriving on other loops hop here
 * with {@code execute()}. {@code state}, {@code transport} and {@code queuedBytes} are volatile only so that
 * {@link #isOpen()}, {@link #transport()} and {@link #isWritable()} can be read from any thread.
 *
 * <p>Outbound packets are queued by priority ({@link OutboundQueue}) and flushed once per loop tick: everything
 * queued in one tick goes out in one polling payload or one WebSocket flush. A WebSocket only takes packets while
 * its channel is writable (below the write-buffer high water mark); the rest waits here, where priorities apply,
 * and drains when the channel becomes writable again. Flow control on every enqueue: {@code volatile} messages are
 * dropped when the transport is not writable, LOW-priority ones (oldest first) above
 * {@code lowPriorityBufferedBytes}, and going over {@code maxBufferedBytes} / {@code maxBufferedPackets} closes
 * the session with {@code slow client}.
 */
final class DefaultEngineSession implements EngineSession {
    private static final Logger log = LoggerFactory.getLogger(DefaultEngineSession.class);

    static final OutFrame PING = OutFrame.text("2");
    static final OutFrame CLOSE = OutFrame.text("1");
    static final OutFrame NOOP = OutFrame.text("6");
    static final OutFrame PONG_PROBE = OutFrame.text("3probe");
    /** Pings go before queued messages: a slow queue must not make a live client miss its heartbeat. */
    private static final OutboundQueue.Entry PING_ENTRY = OutboundQueue.Entry.of(Priority.HIGH, PING);
    private static final byte[] OK = "ok".getBytes(StandardCharsets.US_ASCII);
    /** How long a poll that arrives during an upgrade waits before its noop (Node: next 100 ms check). */
    private static final long UPGRADE_NOOP_DELAY_MS = 50;
    /** How long the sid of a session closed by the client still answers one racing poll with a noop. */
    static final long CLIENT_CLOSE_LINGER_MS = 1000;
    /** Close reason when the outbound budget is exceeded ({@code DisconnectReason.SLOW_CLIENT}). */
    static final String SLOW_CLIENT = "slow client";
    /** {@code socketBytesBound} when the socket's backlog must be measured. */
    private static final long UNKNOWN_SOCKET_BYTES = -1;

    private enum State { OPEN, CLOSING, CLOSED }

    private final EngineServer server;
    private final ServerOptions options;
    private final String id;
    private final EventLoop loop;
    private final RequestInfo request;
    private final long pingIntervalNanos;
    private final long pingTimeoutNanos;
    private final LoopFlusher flusher;

    private volatile State state = State.OPEN;
    private volatile Transport transport;
    /** Mirror of {@code queue.bytes()} for {@link #isWritable()} off the loop. */
    private volatile long queuedBytes;

    private EngineSessionListener listener;
    private boolean opening;
    private String[] closedWhileOpening;

    private final OutboundQueue queue = new OutboundQueue();
    private final EngineStats stats;
    /** Metrics: when the sampled packet was queued ({@code 0}: none in flight), and the sampling tick. */
    private long sampleAt;
    private int sampleTick;
    private boolean flushScheduled;
    /**
     * An upper bound of {@link #socketPendingBytes()} that spares the budget check of every enqueue a look at the
     * channel (a broadcast enqueues on thousands of sessions in a row), or {@link #UNKNOWN_SOCKET_BYTES}. Measured
     * right after each flush to a WebSocket on this loop: the channel's backlog only shrinks until the next flush,
     * except for the few control frames the connection answers itself (pongs), which the next flush counts again.
     * Zero over polling (nothing is buffered in a socket).
     */
    private long socketBytesBound;

    // polling
    private HttpExchange pendingGet;
    private HttpExchange pendingPost;
    // websocket
    private volatile WsTransport ws;
    // upgrade
    private WsTransport upgradingWs;
    private boolean probed;
    private ScheduledFuture<?> upgradeNoopTimer;
    private ScheduledFuture<?> upgradeTimer;
    // heartbeat
    private ScheduledFuture<?> pingTimer;
    private ScheduledFuture<?> pingTimeoutTimer;
    private long nextPingAt;
    private long pongDeadline;
    private boolean awaitingPong;
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
        this.flusher = server.flusher(loop);
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

    /**
     * Whether the transport takes data right now: less than {@code writeBufferHighWaterMark} queued in the session
     * and, over WebSocket, a writable channel.
     */
    @Override
    public boolean isWritable() {
        if (state != State.OPEN || queuedBytes >= options.writeBufferHighWaterMark()) {
            return false;
        }
        if (transport == Transport.WEBSOCKET) {
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
        enqueue(message.entry()); // the entry (frames, size) is the message's, shared by all its recipients
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
            enqueue(OutboundQueue.Entry.of(Priority.NORMAL, OutFrame.text(utf8WithType)));
        }
    }

    @Override
    public void sendBinary(byte[] data) {
        runOnLoop(() -> {
            if (state == State.OPEN) {
                enqueue(OutboundQueue.Entry.of(Priority.NORMAL, OutFrame.binary(data)));
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
        schedulePing();
        List<OutFrame> frames = openFrames(Transport.POLLING);
        HttpHeaders headers = pollHeaders();
        if (extraHeaders != null) {
            headers.add(extraHeaders);
        }
        ex.respond(HttpResponseStatus.OK, HttpExchange.TEXT_PLAIN_UTF8, encodePayload(frames), headers, false);
        notifyOpen();
    }

    /** Handshake over WebSocket: sends the open packet (+ initialPacket) as first frames, then notifies the handler. */
    void openWebSocket(WsTransport wst) {
        ws = wst;
        socketBytesBound = UNKNOWN_SOCKET_BYTES;
        schedulePing();
        wst.write(openFrames(Transport.WEBSOCKET));
        notifyOpen();
    }

    private List<OutFrame> openFrames(Transport t) {
        List<String> upgrades = t == Transport.POLLING && options.allowUpgrades()
                && options.transports().contains(Transport.WEBSOCKET) ? List.of("websocket") : List.of();
        String json = EngineCodec.openPacketJson(id, upgrades, options.pingInterval().toMillis(),
                options.pingTimeout().toMillis(), options.maxHttpBufferSize());
        List<OutFrame> frames = new ArrayList<>(2);
        frames.add(OutFrame.text("0" + json));
        if (options.initialPacket() != null) {
            frames.add(OutFrame.text("4" + options.initialPacket()));
        }
        return frames;
    }

    private void notifyOpen() {
        opening = true;
        EngineSessionListener l;
        try {
            l = server.handler().onOpen(this);
        } catch (RuntimeException e) {
            log.warn("session {}: handler.onOpen failed", id, e);
            l = null;
        } finally {
            opening = false;
        }
        if (l == null) {
            l = NoopListener.INSTANCE;
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

    private void schedulePing() {
        cancel(pingTimer);
        nextPingAt = loop.ticker().nanoTime() + pingIntervalNanos;
        pingTimer = loop.schedule(this::onPingTimer, pingIntervalNanos, TimeUnit.NANOSECONDS);
    }

    private void onPingTimer() {
        pingTimer = null;
        if (state != State.OPEN) {
            return;
        }
        enqueue(PING_ENTRY);
        if (state != State.OPEN) {
            return; // the ping went over the budget
        }
        // the deadline counts from when the ping was due, not from when the timer ran
        pongDeadline = nextPingAt + pingTimeoutNanos;
        awaitingPong = true;
        cancel(pingTimeoutTimer);
        pingTimeoutTimer = loop.schedule(this::onPingTimeout, Math.max(0, pongDeadline - loop.ticker().nanoTime()),
                TimeUnit.NANOSECONDS);
    }

    private void onPingTimeout() {
        pingTimeoutTimer = null;
        if (state == State.OPEN && awaitingPong) {
            terminate("ping timeout", null, CLOSE);
        }
    }

    /**
     * Closes the session if the pong deadline has passed, even if the timer has not run yet: a request that
     * arrives just after the deadline must already find the session closed.
     */
    private boolean heartbeatExpired() {
        if (state == State.OPEN && awaitingPong && loop.ticker().nanoTime() - pongDeadline >= 0) {
            terminate("ping timeout", null, CLOSE);
            return true;
        }
        return false;
    }

    private void onPong() {
        awaitingPong = false;
        cancel(pingTimeoutTimer);
        pingTimeoutTimer = null;
        schedulePing();
    }

    // ------------------------------------------------------------------ outbound

    /** Queues an entry, applies the flow-control policy and schedules the flush of this tick. */
    private void enqueue(OutboundQueue.Entry entry) {
        queue.add(entry);
        queuedBytes = queue.bytes();
        ServerObserver o = server.observers().current();
        if (o != null && entry != PING_ENTRY) {
            observeQueued(o, entry);
        }
        if (!withinBudget()) {
            return;
        }
        scheduleFlush();
    }

    private void observeQueued(ServerObserver o, OutboundQueue.Entry entry) {
        flusher.countSent(entry.frames().length, entry.bytes()); // reported once per flush task
        if (sampleAt == 0 && (++sampleTick & 15) == 0) {
            sampleAt = System.nanoTime();
        }
    }

    /** Reports the sampled packet's latency once the queue was written out (so the packet was too). */
    private void observeWritten() {
        if (sampleAt != 0 && queue.isEmpty()) {
            ServerObserver o = server.observers().current();
            if (o != null) {
                o.onWriteLatency(System.nanoTime() - sampleAt);
            }
            sampleAt = 0;
        }
    }

    /** Bytes queued, not yet written (read off the loop, for a gauge). */
    long queuedBytes() {
        return queuedBytes;
    }

    /**
     * Drops LOW-priority messages above the soft limit, then closes the session with {@code slow client} if the
     * hard budget is still exceeded. A lone message on an otherwise empty connection is always accepted (so a
     * large emit to an idle client is not a reason to disconnect it).
     */
    private boolean withinBudget() {
        long bound = socketBytesBound;
        if (bound != UNKNOWN_SOCKET_BYTES && queue.packets() <= options.maxBufferedPackets()
                && queue.bytes() + bound <= Math.min(options.lowPriorityBufferedBytes(), options.maxBufferedBytes())) {
            return true; // far from every limit, whatever the socket holds exactly
        }
        long socketBytes = socketPendingBytes();
        long total = queue.bytes() + socketBytes;
        if (total > options.lowPriorityBufferedBytes()) {
            int dropped = queue.dropLowPriority(Math.max(0, options.lowPriorityBufferedBytes() - socketBytes));
            if (dropped > 0) {
                stats.lowPriorityDropped(dropped);
                queuedBytes = queue.bytes();
                total = queue.bytes() + socketBytes;
            }
        }
        boolean lone = queue.entries() <= 1 && socketBytes == 0;
        if (!lone && (total > options.maxBufferedBytes() || queue.packets() > options.maxBufferedPackets())) {
            String why = queue.packets() > options.maxBufferedPackets()
                    ? queue.packets() + " packets queued (maxBufferedPackets " + options.maxBufferedPackets() + ")"
                    : total + " bytes queued (maxBufferedBytes " + options.maxBufferedBytes() + ")";
            log.debug("session {}: slow client, {}", id, why);
            stats.slowClientDisconnected();
            WsTransport w = ws;
            terminate(SLOW_CLIENT, why, CLOSE);
            if (w != null) {
                w.abort(); // the close frame would wait behind what the client does not read
            }
            return false;
        }
        return true;
    }

    /** Bytes written to the WebSocket's channel but not yet sent (0 for polling). */
    private long socketPendingBytes() {
        WsTransport w = transport == Transport.WEBSOCKET ? ws : null;
        return w == null ? 0 : w.pendingBytes();
    }

    private void scheduleFlush() {
        if (!flushScheduled) {
            flushScheduled = true;
            flusher.schedule(this);
        }
    }

    /** Writes what the transport takes now; called by the loop's {@link LoopFlusher} once per tick. */
    void flushNow() {
        flushScheduled = false;
        if (state == State.CLOSED || queue.isEmpty()) {
            return;
        }
        if (transport == Transport.WEBSOCKET) {
            WsTransport w = ws;
            if (!w.isWritable()) {
                socketBytesBound = UNKNOWN_SOCKET_BYTES;
                return; // held here, by priority, until the channel drains (onWsWritable)
            }
            // no more than the channel takes before it turns unwritable: the rest keeps its priority order here.
            // When the WebSocket lives on another loop (an upgrade that landed elsewhere), writes reach the channel
            // a hop later, so one more batch may be taken before the channel reports it is full: the overshoot is
            // bounded by a batch per tick and still counted against maxBufferedBytes once it arrives.
            long budget = w.bytesBeforeUnwritable();
            if (w.isOnLoop(loop)) {
                // written and flushed synchronously: a reused list, and what the socket still holds is known now
                List<OutFrame> frames = flusher.frames();
                try {
                    queue.drainInto(budget, null, frames);
                    queuedBytes = queue.bytes();
                    w.writeOnLoop(frames, flusher.corks());
                } finally {
                    flusher.release(frames);
                }
                socketBytesBound = w.pendingBytes();
            } else {
                List<OutFrame> frames = queue.drain(budget, null);
                queuedBytes = queue.bytes();
                w.write(frames);
                socketBytesBound = UNKNOWN_SOCKET_BYTES;
            }
            if (!queue.isEmpty()) {
                scheduleFlush(); // if the channel is still writable next tick, it takes more
            }
            observeWritten();
        } else if (pendingGet != null) {
            respondPoll(drainAll());
        }
    }

    /** Everything queued, in priority order, and whether any of it may be compressed. */
    private Drained drainAll() {
        boolean[] compress = new boolean[1];
        List<OutFrame> frames = queue.drain(Long.MAX_VALUE, compress);
        queuedBytes = 0;
        return new Drained(frames, compress[0]);
    }

    private record Drained(List<OutFrame> frames, boolean compress) {
        static Drained of(OutFrame frame) {
            return new Drained(List.of(frame), false);
        }

        List<OutFrame> plus(OutFrame frame) {
            List<OutFrame> all = new ArrayList<>(frames);
            all.add(frame);
            return all;
        }
    }

    /** The WebSocket's channel became writable again: resume draining the queue. */
    void onWsWritable(WsTransport wst) {
        if (wst == ws && state != State.CLOSED && !queue.isEmpty()) {
            scheduleFlush();
        }
    }

    private void respondPoll(Drained d) {
        respondPoll(d.frames(), d.compress());
    }

    private void respondPoll(List<OutFrame> frames, boolean compressible) {
        HttpExchange ex = pendingGet;
        pendingGet = null;
        observeWritten();
        // HTTP compression applies if any packet of the payload allows it (as engine.io)
        ex.respond(HttpResponseStatus.OK, HttpExchange.TEXT_PLAIN_UTF8, encodePayload(frames), pollHeaders(), false,
                compressible);
    }

    private static HttpHeaders pollHeaders() {
        return new DefaultHttpHeaders().set("cache-control", "no-store");
    }

    /** The frames as one polling payload: {@code \x1e}-separated, binary as {@code b<base64>}. */
    static byte[] encodePayload(List<OutFrame> frames) {
        int size = frames.size() - 1;
        for (OutFrame f : frames) {
            size += f.binary() ? 1 + EngineCodec.base64Length(f.data().length) : f.data().length;
        }
        byte[] out = new byte[size];
        int o = 0;
        for (int i = 0; i < frames.size(); i++) {
            if (i > 0) {
                out[o++] = EngineCodec.SEPARATOR;
            }
            OutFrame f = frames.get(i);
            if (f.binary()) {
                out[o++] = 'b';
                byte[] b64 = Base64.getEncoder().encode(f.data());
                System.arraycopy(b64, 0, out, o, b64.length);
                o += b64.length;
            } else {
                System.arraycopy(f.data(), 0, out, o, f.data().length);
                o += f.data().length;
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ polling requests

    /** A long-polling GET for this session. */
    void onPollRequest(HttpExchange ex) {
        heartbeatExpired();
        if (state == State.CLOSED) {
            server.respondUnknownPoll(ex, id);
            return;
        }
        if (transport != Transport.POLLING) {
            server.respondError(ex, EngineError.BAD_REQUEST, null);
            return;
        }
        if (pendingGet != null) {
            log.debug("session {}: overlapping poll requests", id);
            ex.respond(HttpResponseStatus.BAD_REQUEST, null, null);
            terminate("transport error", "overlap from client", CLOSE);
            return;
        }
        pendingGet = ex;
        if (state == State.CLOSING) {
            answerPollWhileClosing();
        } else if (!queue.isEmpty()) {
            respondPoll(drainAll());
        } else if (upgradingWs != null && probed) {
            // Like Node (which answers such polls from a 100 ms check), hold the poll briefly before the noop:
            // a client that sends "5" on the WebSocket and then polls must find the upgrade done, even though
            // the two arrive on different connections, possibly on different event loops.
            scheduleUpgradeNoop();
        }
    }

    private void scheduleUpgradeNoop() {
        cancel(upgradeNoopTimer);
        upgradeNoopTimer = loop.schedule(() -> {
            upgradeNoopTimer = null;
            if (pendingGet != null && upgradingWs != null && state == State.OPEN) {
                respondPoll(queue.isEmpty() ? Drained.of(NOOP) : drainAll());
            }
        }, UPGRADE_NOOP_DELAY_MS, TimeUnit.MILLISECONDS);
    }

    /** The connection of a GET closed before it was answered. */
    void onPollAborted(HttpExchange ex) {
        if (pendingGet == ex) {
            pendingGet = null;
            log.debug("session {}: poll connection closed prematurely", id);
            terminate("transport error", "poll connection closed prematurely", CLOSE);
        }
    }

    /** The head of a POST for this session (the body follows in {@link #onDataRequestBody}). */
    void onDataRequestStart(HttpExchange ex) {
        heartbeatExpired();
        if (state == State.CLOSED) {
            server.respondError(ex, EngineError.UNKNOWN_SID, null);
            return;
        }
        if (transport != Transport.POLLING) {
            server.respondError(ex, EngineError.BAD_REQUEST, null);
            return;
        }
        if (pendingPost != null) {
            log.debug("session {}: overlapping data requests", id);
            ex.respond(HttpResponseStatus.BAD_REQUEST, null, null);
            terminate("transport error", "data request overlap from client", CLOSE);
            return;
        }
        pendingPost = ex;
    }

    /**
     * The whole POST body: every packet is handled (and what the listener sends in reply is queued) before the
     * {@code ok} is written.
     */
    void onDataRequestBody(HttpExchange ex, String body) {
        if (pendingPost != ex) {
            return; // refused at its start; already answered
        }
        pendingPost = null;
        if (heartbeatExpired() || state == State.CLOSED) {
            server.respondError(ex, EngineError.UNKNOWN_SID, null);
            return;
        }
        try {
            EngineCodec.decodePayload(body, packet -> {
                if (state == State.OPEN) {
                    onPollingPacket(packet);
                }
            });
        } catch (ProtocolException e) {
            log.debug("session {}: parse error in POST: {}", id, e.getMessage());
            if (state != State.CLOSED) {
                terminate("parse error", e.getMessage(), CLOSE);
            }
            server.respondError(ex, EngineError.BAD_REQUEST, null);
            return;
        }
        ex.respond(HttpResponseStatus.OK, "text/html", OK, pollHeaders(), false);
    }

    /** The POST's connection closed before its body was complete. */
    void onDataRequestAborted(HttpExchange ex) {
        if (pendingPost == ex) {
            pendingPost = null;
            terminate("transport error", "data request connection closed prematurely", CLOSE);
        }
    }

    /** The POST body exceeded maxHttpBufferSize; the request was answered 413 (the session stays open, as in Node). */
    void onDataRequestTooLarge(HttpExchange ex) {
        if (pendingPost == ex) {
            pendingPost = null;
        }
    }

    /** A POST with {@code Content-Type: application/octet-stream}: not allowed in v4. */
    void onBinaryDataRequest(HttpExchange ex) {
        if (state == State.CLOSED) {
            server.respondError(ex, EngineError.UNKNOWN_SID, null);
            return;
        }
        ex.respond(HttpResponseStatus.BAD_REQUEST, null, null, null, true);
        terminate("transport error", "invalid content", CLOSE);
    }

    private void onPollingPacket(EnginePacket packet) {
        if (packet.type() == io.zapsocket.protocol.engine.EnginePacketType.CLOSE) {
            // the client closes: a pending GET ends with a noop. If its poll is still on the way (sent
            // concurrently, on another connection), it gets the noop when it arrives.
            if (pendingGet == null) {
                server.lingerAfterClientClose(id, loop);
            }
            terminate("transport close", "client closed", NOOP);
            return;
        }
        onPacket(packet);
    }

    // ------------------------------------------------------------------ packets from the active transport

    private void onPacket(EnginePacket packet) {
        switch (packet.type()) {
            case PONG -> onPong();
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
            log.debug("session {}: listener rejected a message: {}", id, e.getMessage());
            terminate("parse error", e.getMessage(), CLOSE);
        } catch (RuntimeException e) {
            log.warn("session {}: listener failed on a message", id, e);
        }
    }

    // ------------------------------------------------------------------ websocket

    void onWsPacket(WsTransport wst, EnginePacket packet) {
        if (state == State.CLOSED) {
            return;
        }
        if (wst == ws && transport == Transport.WEBSOCKET) {
            if (!heartbeatExpired() && state == State.OPEN) {
                onPacket(packet);
            }
        } else if (wst == upgradingWs) {
            onUpgradePacket(packet);
        }
    }

    void onWsParseError(WsTransport wst, String message) {
        if (state == State.CLOSED) {
            return;
        }
        if (wst == ws) {
            log.debug("session {}: parse error: {}", id, message);
            terminate("parse error", message, CLOSE);
        } else if (wst == upgradingWs) {
            cancelUpgrade();
        }
    }

    void onWsError(WsTransport wst, String message) {
        if (state == State.CLOSED) {
            return;
        }
        if (wst == ws) {
            terminate("transport error", message, CLOSE);
        } else if (wst == upgradingWs) {
            cancelUpgrade();
        }
    }

    void onWsClosed(WsTransport wst) {
        if (state == State.CLOSED) {
            return;
        }
        if (wst == ws) {
            terminate(state == State.CLOSING ? "forced close" : "transport close", null, CLOSE);
        } else if (wst == upgradingWs) {
            clearUpgrade();
        }
    }

    // ------------------------------------------------------------------ upgrade

    /** A WebSocket with this session's sid completed its handshake: start the upgrade, or refuse it. */
    void onWebSocketUpgrade(WsTransport wst) {
        heartbeatExpired();
        if (state != State.OPEN || transport != Transport.POLLING || upgradingWs != null
                || !options.allowUpgrades()) {
            log.debug("session {}: refusing WebSocket (state {}, transport {}, upgrading {})", id, state, transport,
                    upgradingWs != null);
            wst.close();
            return;
        }
        upgradingWs = wst;
        probed = false;
        upgradeTimer = loop.schedule(() -> {
            upgradeTimer = null;
            if (upgradingWs == wst) {
                log.debug("session {}: upgrade timed out", id);
                cancelUpgrade();
            }
        }, options.upgradeTimeout().toNanos(), TimeUnit.NANOSECONDS);
    }

    private void onUpgradePacket(EnginePacket packet) {
        if (packet.type() == io.zapsocket.protocol.engine.EnginePacketType.PING && "probe".equals(packet.text())) {
            upgradingWs.write(List.of(PONG_PROBE));
            probed = true;
            // end the pending poll so that the client can pause polling (Node does this within 100 ms)
            if (pendingGet != null && queue.isEmpty()) {
                respondPoll(Drained.of(NOOP));
            }
        } else if (packet.type() == io.zapsocket.protocol.engine.EnginePacketType.UPGRADE
                && state == State.CLOSING) {
            // closed while the client was switching: it now listens on the WebSocket only
            WsTransport w = upgradingWs;
            clearUpgrade();
            w.write(drainAll().plus(CLOSE));
            ws = w;
            transport = Transport.WEBSOCKET;
            server.onUpgraded(this);
            terminate("forced close", null, CLOSE);
        } else if (packet.type() == io.zapsocket.protocol.engine.EnginePacketType.UPGRADE && state == State.OPEN) {
            WsTransport w = upgradingWs;
            clearUpgrade();
            if (pendingGet != null) {
                // a poll sent after the probe, racing the "5": it belongs after the upgrade (transport mismatch)
                HttpExchange ex = pendingGet;
                pendingGet = null;
                server.respondError(ex, EngineError.BAD_REQUEST, null);
            }
            ws = w;
            socketBytesBound = UNKNOWN_SOCKET_BYTES;
            transport = Transport.WEBSOCKET;
            server.onUpgraded(this);
            try {
                listener.onUpgrade(Transport.WEBSOCKET);
            } catch (RuntimeException e) {
                log.warn("session {}: listener failed on upgrade", id, e);
            }
            if (!queue.isEmpty() && state == State.OPEN) {
                scheduleFlush();
            }
        } else {
            log.debug("session {}: unexpected packet during upgrade: {}", id, packet);
            cancelUpgrade();
        }
    }

    private void clearUpgrade() {
        upgradingWs = null;
        probed = false;
        cancel(upgradeTimer);
        upgradeTimer = null;
        cancel(upgradeNoopTimer);
        upgradeNoopTimer = null;
    }

    private void cancelUpgrade() {
        WsTransport w = upgradingWs;
        clearUpgrade();
        if (w != null) {
            w.close();
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
        cancelHeartbeat();
        if (!(upgradingWs != null && probed && pendingGet == null)) {
            cancelUpgrade();
        }
        // else: the client got "3probe" and paused polling; it may already have switched to the WebSocket and sent
        // "5". Keep the upgrade: the "5" (deliver there) or a GET (deliver there) tells where the buffer must go.
        if (transport == Transport.WEBSOCKET) {
            ws.write(drainAll().plus(CLOSE));
            terminate("forced close", null, CLOSE);
        } else if (pendingGet != null && (waitForPoll || queue.isEmpty())) {
            answerPollWhileClosing();
            if (state != State.CLOSED) {
                scheduleCloseTimer();
            }
        } else if (pendingGet != null) {
            // closing now (the server shuts down): no next poll to wait for
            Drained d = drainAll();
            respondPoll(d.plus(CLOSE), d.compress());
            terminate("forced close", null, CLOSE);
        } else if (waitForPoll) {
            scheduleCloseTimer();
        }
    }

    /**
     * Answers the pending poll of a closing session. As Node: what is buffered goes first, and the close packet in
     * the next poll (the session stays closing); with nothing buffered, the close packet now (the session ends). In
     * one payload the close would overtake the packets ahead of it: socket.io-client hands decoded packets to its
     * sockets a tick later but handles the close at once, so a "41" before it would be reported as "transport
     * close".
     */
    private void answerPollWhileClosing() {
        if (queue.isEmpty()) {
            respondPoll(List.of(CLOSE), false);
            terminate("forced close", null, CLOSE);
        } else {
            respondPoll(drainAll());
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
    private void terminate(String reason, String description, OutFrame pendingGetReply) {
        if (state == State.CLOSED) {
            return;
        }
        log.debug("session {} closed: {}{}", id, reason, description == null ? "" : " (" + description + ")");
        state = State.CLOSED;
        cancelHeartbeat();
        cancel(closeTimer);
        closeTimer = null;
        queue.clear();
        queuedBytes = 0;
        if (pendingGet != null) {
            respondPoll(List.of(pendingGetReply), false);
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

    private void cancelHeartbeat() {
        awaitingPong = false;
        cancel(pingTimer);
        cancel(pingTimeoutTimer);
        pingTimer = null;
        pingTimeoutTimer = null;
    }

    private static void cancel(ScheduledFuture<?> f) {
        if (f != null) {
            f.cancel(false);
        }
    }

    /** Whether a long-polling GET is waiting (for tests); call on the session's loop. */
    boolean hasPendingPoll() {
        return pendingGet != null;
    }

    /** The outbound queue (for tests); use on the session's loop. */
    OutboundQueue queue() {
        return queue;
    }

    /** The WebSocket's channel, or {@code null} (for tests). */
    io.netty.channel.Channel wsChannel() {
        WsTransport w = ws;
        return w == null ? null : w.channel();
    }

    /** Whether an upgrade is in progress (for tests); call on the session's loop. */
    boolean isUpgrading() {
        return upgradingWs != null;
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
            log.debug("session {}: event loop shut down, dropping a task", id);
            return false;
        }
    }

    @Override
    public String toString() {
        return "EngineSession[" + id + ", " + transport + ", " + state + "]";
    }

    private enum NoopListener implements EngineSessionListener {
        INSTANCE;

        @Override
        public void onMessage(String text) {
        }

        @Override
        public void onBinary(byte[] data) {
        }

        @Override
        public void onClose(String reason, String description) {
        }
    }
}
