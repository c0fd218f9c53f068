package io.zapsocket.client.internal;

import io.netty.channel.EventLoop;
import io.zapsocket.client.ClientOptions;
import io.zapsocket.client.TransportException;
import io.zapsocket.protocol.DisconnectReason;
import io.zapsocket.protocol.ProtocolException;
import io.zapsocket.protocol.Transport;
import io.zapsocket.protocol.engine.EngineCodec;
import io.zapsocket.protocol.engine.EnginePacket;
import io.zapsocket.protocol.engine.EnginePacketType;
import io.zapsocket.protocol.json.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * One Engine.IO v4 client session: opens a transport (trying the next one on failure with
 * {@code tryAllTransports}), reads the handshake, answers pings and closes the session when none arrives within
 * {@code pingInterval + pingTimeout}, buffers and flushes outgoing packets (polling payloads split at the server's
 * {@code maxPayload}), and upgrades polling to WebSocket (or WebTransport) with the {@code 2probe}/{@code 3probe}/
 * {@code 5} exchange, staying on polling when the upgrade is refused.
 *
 * <p>Confined to the client's event loop (every method and callback); not thread-safe.
 */
final class EngineSocket implements EngineTransport.Listener {
    private static final Logger log = LoggerFactory.getLogger(EngineSocket.class);
    /** How long a graceful close waits for queued packets to be written. */
    static final long CLOSE_GRACE_MILLIS = 1000;

    /** The session's events, on the event loop. After {@link #onEngineClose} nothing more. */
    interface Listener {
        void onEngineOpen(EngineSocket engine);

        void onEngineMessage(EngineSocket engine, EnginePacket packet);

        void onEnginePing(EngineSocket engine);

        void onEngineUpgrade(EngineSocket engine, Transport transport);

        /**
         * The session ended (not called after {@link #close()}).
         *
         * @param wasOpen whether the handshake had completed; if not, this is a failed open attempt
         * @param cause the error, or {@code null} for a clean close
         */
        void onEngineClose(EngineSocket engine, DisconnectReason reason, Throwable cause, boolean wasOpen);
    }

    /** Whether a WebSocket connection worked before (for {@code rememberUpgrade}); one per client. */
    static final class UpgradeMemory {
        boolean websocketWorked;
    }

    private enum State { OPENING, OPEN, CLOSING, CLOSED }

    private final EventLoop loop;
    private final Scheduler scheduler;
    private final Endpoint endpoint;
    private final ClientOptions options;
    private final Listener listener;
    private final UpgradeMemory memory;
    private final Deque<Transport> candidates = new ArrayDeque<>();

    private State state = State.OPENING;
    private EngineTransport transport;
    private EngineTransport probe;
    private boolean upgrading;
    private final List<EnginePacket> writeBuffer = new ArrayList<>();
    private int inFlight;
    private String sid;
    private long pingInterval;
    private long pingTimeout;
    private long maxPayload = Long.MAX_VALUE;
    private List<String> upgrades = List.of();
    private Scheduler.Timer pingTimer;
    private Scheduler.Timer closeTimer;
    private Runnable onClosed;

    EngineSocket(EventLoop loop, Scheduler scheduler, Endpoint endpoint, ClientOptions options, Listener listener,
                 UpgradeMemory memory) {
        this.loop = loop;
        this.scheduler = scheduler;
        this.endpoint = endpoint;
        this.options = options;
        this.listener = listener;
        this.memory = memory;
    }

    /** Starts the first transport. */
    void open() {
        candidates.addAll(options.transports());
        if (options.rememberUpgrade() && memory.websocketWorked && candidates.remove(Transport.WEBSOCKET)) {
            candidates.addFirst(Transport.WEBSOCKET);
        }
        openTransport(candidates.poll());
    }

    private void openTransport(Transport type) {
        transport = create(type, null);
        transport.open();
    }

    private EngineTransport create(Transport type, String sessionId) {
        int connectTimeout = (int) Math.min(Integer.MAX_VALUE, options.timeout().toMillis());
        if (type == Transport.WEBTRANSPORT) {
            return new ProvidedTransport(this, sessionId, type, id -> new TransportTarget(loop, endpoint.host(),
                    endpoint.port(), endpoint.hostHeader(), endpoint.streamTarget(type, id), id,
                    options.extraHeaders(), options.maxIncomingBytes(), connectTimeout, options.sslContext(),
                    options.trustManager(), options.verifyHostname()));
        }
        return type == Transport.WEBSOCKET
                ? new WebSocketTransport(this, sessionId, loop, endpoint, options.extraHeaders(),
                        options.maxIncomingBytes(), connectTimeout)
                : new PollingTransport(this, sessionId, loop, endpoint, options.extraHeaders(),
                        options.maxIncomingBytes(), connectTimeout);
    }

    boolean isOpen() {
        return state == State.OPEN;
    }

    String sid() {
        return sid;
    }

    /** The transport in use, or {@code null} before the handshake. */
    Transport transport() {
        return state == State.OPEN || state == State.CLOSING ? transport.type() : null;
    }

    /** Whether a packet sent now would be written at once (volatile packets are dropped otherwise). */
    boolean writable() {
        return state == State.OPEN && !upgrading && inFlight == 0 && transport.writable();
    }

    /** Queues packets and flushes when the transport can write. Ignored unless open. */
    void send(List<EnginePacket> packets) {
        if (state != State.OPEN) {
            return;
        }
        writeBuffer.addAll(packets);
        flush();
    }

    private void flush() {
        if (state == State.CLOSED || upgrading || inFlight > 0 || writeBuffer.isEmpty() || !transport.writable()) {
            return;
        }
        List<EnginePacket> batch;
        if (transport.type() == Transport.POLLING) {
            int n = 0;
            long size = 0;
            for (EnginePacket p : writeBuffer) {
                size += EngineCodec.encodedLength(p) + (n > 0 ? 1 : 0);
                if (n > 0 && size > maxPayload) {
                    break;
                }
                n++;
            }
            batch = new ArrayList<>(writeBuffer.subList(0, n));
        } else {
            batch = new ArrayList<>(writeBuffer);
        }
        inFlight = batch.size();
        transport.send(batch);
    }

    /**
     * Closes the session from our side: waits (at most {@link #CLOSE_GRACE_MILLIS}) for queued packets, then sends
     * the close. No {@link Listener#onEngineClose} follows.
     *
     * @param onClosed runs on the loop once the close was sent (or given up), exactly once; may be null
     */
    void close(Runnable onClosed) {
        this.onClosed = onClosed;
        switch (state) {
            case OPEN -> {
                state = State.CLOSING;
                cancelPingTimer();
                abortProbe(null);
                if (writeBuffer.isEmpty()) {
                    finishClose();
                } else {
                    closeTimer = scheduler.schedule(CLOSE_GRACE_MILLIS, this::finishClose);
                }
            }
            case CLOSING -> {
            }
            default -> {
                destroy();
                closed();
            }
        }
    }

    void close() {
        close(null);
    }

    private void closed() {
        Runnable r = onClosed;
        onClosed = null;
        if (r != null) {
            r.run();
        }
    }

    private void finishClose() {
        if (state == State.CLOSED) {
            return;
        }
        boolean graceful = state == State.CLOSING;
        state = State.CLOSED;
        cancelTimers();
        writeBuffer.clear();
        transport.close(graceful, this::closed);
    }

    private void destroy() {
        state = State.CLOSED;
        cancelTimers();
        abortProbe(null);
        if (transport != null) {
            transport.close(false);
        }
        writeBuffer.clear();
    }

    private void closeWith(DisconnectReason reason, Throwable cause) {
        if (state == State.CLOSED) {
            return;
        }
        boolean wasOpen = state != State.OPENING;
        boolean ours = state == State.CLOSING;
        destroy();
        closed();
        if (!ours) {
            listener.onEngineClose(this, reason, cause, wasOpen);
        }
    }

    // ---- transport callbacks ----------------------------------------------------------------------------------

    @Override
    public void onTransportOpen(EngineTransport t) {
        if (t == probe) {
            probe.send(List.of(EnginePacket.PING_PROBE));
            return;
        }
        // the main transport's open is the handshake packet; flush in case packets wait for the transport
        if (t == transport) {
            flush();
        }
    }

    @Override
    public void onTransportPacket(EngineTransport t, EnginePacket packet) {
        if (t == probe) {
            onProbePacket(packet);
            return;
        }
        if (t != transport || state == State.CLOSED) {
            return;
        }
        if (state == State.OPENING && packet.type() != EnginePacketType.OPEN) {
            closeWith(DisconnectReason.PARSE_ERROR, new ProtocolException("expected the open packet, got "
                    + PollingTransport.snippet(EngineCodec.encodePacket(packet))));
            return;
        }
        switch (packet.type()) {
            case OPEN -> onHandshake(packet.text());
            case PING -> {
                if (state != State.OPEN) {
                    return;
                }
                send(List.of(EnginePacket.PONG));
                resetPingTimer();
                listener.onEnginePing(this);
            }
            case MESSAGE -> {
                if (state == State.OPEN) {
                    listener.onEngineMessage(this, packet);
                }
            }
            default -> {
                // noop (during an upgrade), stray pong/upgrade: nothing to do
            }
        }
    }

    private void onHandshake(String json) {
        if (state != State.OPENING) {
            closeWith(DisconnectReason.PARSE_ERROR, new ProtocolException("unexpected second open packet"));
            return;
        }
        try {
            if (!(Json.parse(json) instanceof Map<?, ?> m)) {
                throw new ProtocolException("not a JSON object");
            }
            if (!(m.get("sid") instanceof String s) || s.isEmpty()) {
                throw new ProtocolException("no sid");
            }
            sid = s;
            pingInterval = positive(m.get("pingInterval"), "pingInterval");
            pingTimeout = positive(m.get("pingTimeout"), "pingTimeout");
            Object mp = m.get("maxPayload");
            maxPayload = mp == null ? Long.MAX_VALUE : positive(mp, "maxPayload");
            List<String> ups = new ArrayList<>();
            if (m.get("upgrades") instanceof List<?> l) {
                for (Object o : l) {
                    if (o instanceof String u) {
                        ups.add(u);
                    }
                }
            }
            upgrades = ups;
        } catch (ProtocolException e) {
            closeWith(DisconnectReason.PARSE_ERROR, new ProtocolException("invalid handshake from the server ("
                    + e.getMessage() + "): 0" + PollingTransport.snippet(json), e));
            return;
        }
        state = State.OPEN;
        transport.sid(sid);
        if (transport.type() == Transport.WEBSOCKET) {
            memory.websocketWorked = true;
        }
        resetPingTimer();
        listener.onEngineOpen(this);
        if (state != State.OPEN) {
            return; // closed by the listener
        }
        flush();
        maybeProbe();
    }

    private static long positive(Object v, String name) {
        if (v instanceof Number n && n.doubleValue() > 0 && n.doubleValue() <= Integer.MAX_VALUE
                && n.doubleValue() == Math.rint(n.doubleValue())) {
            return n.longValue();
        }
        throw new ProtocolException("bad " + name + ": " + v);
    }

    @Override
    public void onTransportDrain(EngineTransport t) {
        if (t != transport) {
            return;
        }
        writeBuffer.subList(0, Math.min(inFlight, writeBuffer.size())).clear();
        inFlight = 0;
        if (state == State.CLOSING && writeBuffer.isEmpty()) {
            finishClose();
        } else {
            flush();
        }
    }

    @Override
    public void onTransportError(EngineTransport t, Throwable cause) {
        if (t == probe) {
            abortProbe(cause);
            return;
        }
        if (t != transport) {
            return;
        }
        if (state == State.CLOSING) {
            destroy();
            closed();
            return;
        }
        if (state == State.OPENING && options.tryAllTransports() && !candidates.isEmpty()) {
            Transport next = candidates.poll();
            log.debug("{} failed to open ({}); trying {}", t.type(), cause.toString(), next);
            openTransport(next);
            return;
        }
        closeWith(cause instanceof ProtocolException ? DisconnectReason.PARSE_ERROR : DisconnectReason.TRANSPORT_ERROR,
                cause);
    }

    @Override
    public void onTransportClose(EngineTransport t) {
        if (t == probe) {
            abortProbe(new TransportException("probe transport closed"));
            return;
        }
        if (t != transport) {
            return;
        }
        if (state == State.OPENING) {
            onTransportError(t, new TransportException(t.type() + " closed before the handshake"));
            return;
        }
        closeWith(DisconnectReason.TRANSPORT_CLOSE, null);
    }

    // ---- heartbeat ------------------------------------------------------------------------------------------------

    private void resetPingTimer() {
        cancelPingTimer();
        pingTimer = scheduler.schedule(pingInterval + pingTimeout, () -> {
            if (state == State.OPEN) {
                log.debug("no ping within {} ms: closing", pingInterval + pingTimeout);
                closeWith(DisconnectReason.PING_TIMEOUT, null);
            }
        });
    }

    private void cancelPingTimer() {
        if (pingTimer != null) {
            pingTimer.cancel();
            pingTimer = null;
        }
    }

    private void cancelTimers() {
        cancelPingTimer();
        if (closeTimer != null) {
            closeTimer.cancel();
            closeTimer = null;
        }
    }

    // ---- upgrade ------------------------------------------------------------------------------------------------

    /** Probes the first of the client's other transports that the server offers as an upgrade. */
    private void maybeProbe() {
        if (!options.upgrade() || transport.type() != Transport.POLLING) {
            return;
        }
        for (Transport t : options.transports()) {
            if (t != Transport.POLLING && upgrades.contains(t.wireName())) {
                probe = create(t, sid);
                probe.open();
                return;
            }
        }
    }

    private void onProbePacket(EnginePacket packet) {
        if (packet.type() == EnginePacketType.PONG && "probe".equals(packet.text())
                && !upgrading) {
            upgrading = true;
            transport.pause(this::finishUpgrade);
        } else {
            abortProbe(new TransportException("probe error: unexpected " + packet));
        }
    }

    private void finishUpgrade() {
        if (probe == null || state != State.OPEN) {
            return;
        }
        EngineTransport old = transport;
        transport = probe;
        probe = null;
        old.close(false);
        upgrading = false;
        inFlight = 0; // the old transport's writes all completed (and drained) before the pause callback
        memory.websocketWorked |= transport.type() == Transport.WEBSOCKET;
        writeBuffer.add(0, EnginePacket.UPGRADE);
        flush();
        listener.onEngineUpgrade(this, transport.type());
    }

    private void abortProbe(Throwable cause) {
        if (probe == null) {
            return;
        }
        if (cause != null) {
            log.debug("upgrade to {} failed, staying on polling: {}", probe.type(), cause.toString());
        }
        EngineTransport p = probe;
        probe = null;
        p.close(false);
        if (upgrading) {
            upgrading = false;
            if (state == State.OPEN) {
                transport.resume();
                flush();
            }
        }
    }
}
