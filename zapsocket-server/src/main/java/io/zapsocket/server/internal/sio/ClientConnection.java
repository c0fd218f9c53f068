package io.zapsocket.server.internal.sio;

import io.netty.util.concurrent.ScheduledFuture;
import io.zapsocket.protocol.DisconnectReason;
import io.zapsocket.protocol.ProtocolException;
import io.zapsocket.protocol.Parser;
import io.zapsocket.protocol.sio.Encoded;
import io.zapsocket.protocol.sio.SioDecoder;
import io.zapsocket.protocol.sio.SioEncoder;
import io.zapsocket.protocol.sio.SioMsgpackCodec;
import io.zapsocket.protocol.sio.SioPacket;
import io.zapsocket.server.Handshake;
import io.zapsocket.server.RequestInfo;
import io.zapsocket.server.ServerObserver;
import io.zapsocket.server.internal.engine.EngineSession;
import io.zapsocket.server.internal.engine.EngineSessionListener;
import io.zapsocket.server.internal.engine.OutboundMessage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Engine.IO connection seen by the Socket.IO layer (Node's {@code Client}): decodes packets with its own
 * stateful decoder and multiplexes them to one socket per namespace. Confined to the session's event loop.
 */
final class ClientConnection implements EngineSessionListener {
    private static final Logger log = LoggerFactory.getLogger(ClientConnection.class);
    /** The description of a disconnection for {@code attachmentTimeout} (reason {@code parse error}). */
    static final String ATTACHMENT_TIMEOUT = "attachment timeout";

    private final DefaultSocketServer server;
    private final EngineSession session;
    /** The default parser's decoder; {@code null} with the msgpack parser (stateless: {@link SioMsgpackCodec}). */
    private final SioDecoder decoder;
    private final Parser parser;
    /**
     * By namespace name; immutable, replaced on each (rare) change: most connections join one namespace, and a
     * one-entry {@code Map.of} takes 24 bytes where a {@code HashMap} takes over 100.
     */
    private Map<String, DefaultServerSocket> sockets = Map.of();
    /** Namespaces whose CONNECT is in progress (middlewares running); {@code null} when none, as most of the time. */
    private Set<String> connecting;
    private ScheduledFuture<?> connectTimer;
    /** Runs while the decoder holds a binary packet whose attachments have not all arrived. */
    private ScheduledFuture<?> attachmentTimer;
    private boolean closed;

    ClientConnection(DefaultSocketServer server, EngineSession session) {
        this.server = server;
        this.session = session;
        this.parser = server.options().parser();
        this.decoder = parser == Parser.DEFAULT ? new SioDecoder(server.options().maxAttachments()) : null;
        this.connectTimer = session.eventLoop().schedule(this::onConnectTimeout,
                server.options().connectTimeout().toNanos(), TimeUnit.NANOSECONDS);
    }

    EngineSession session() {
        return session;
    }

    Parser parser() {
        return parser;
    }

    boolean isOpen() {
        return !closed && session.isOpen();
    }

    int socketCount() {
        return sockets.size();
    }

    // ---------------------------------------------------------------- inbound

    @Override
    public void onMessage(String text) {
        ServerObserver o = server.observers().current();
        if (o != null) {
            o.onMessageReceived(text.length());
        }
        SioPacket packet;
        try {
            if (decoder == null) {
                throw new ProtocolException("text message, but the server uses the msgpack parser");
            }
            packet = decoder.addText(text);
        } catch (ProtocolException e) {
            onDecodeError(e);
            return;
        }
        if (packet != null) {
            onPacket(packet);
        } else if (decoder.awaitingAttachments() && attachmentTimer == null) {
            attachmentTimer = session.eventLoop().schedule(this::onAttachmentTimeout,
                    server.options().attachmentTimeout().toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    /**
     * The attachments of a binary packet did not all arrive within {@code attachmentTimeout}: the connection is
     * closed, its sockets see {@code parse error} with the description {@code attachment timeout}, and the
     * attachments held so far are dropped with the decoder.
     */
    private void onAttachmentTimeout() {
        attachmentTimer = null;
        if (closed || decoder == null || !decoder.awaitingAttachments()) {
            return;
        }
        log.debug("connection {} from {}: attachments not received within attachmentTimeout, closing",
                session.id(), session.request().address());
        onClose(DisconnectReason.PARSE_ERROR.wireName(), ATTACHMENT_TIMEOUT);
        close();
    }

    private void cancelAttachmentTimer() {
        if (attachmentTimer != null) {
            attachmentTimer.cancel(false);
            attachmentTimer = null;
        }
    }

    @Override
    public void onBinary(byte[] data) {
        ServerObserver o = server.observers().current();
        if (o != null) {
            o.onMessageReceived(data.length);
        }
        SioPacket packet;
        try {
            packet = decoder != null ? decoder.addBinary(data) : SioMsgpackCodec.decode(data);
        } catch (ProtocolException e) {
            onDecodeError(e);
            return;
        }
        if (decoder != null && !decoder.awaitingAttachments()) {
            cancelAttachmentTimer();
        }
        if (packet != null) {
            onPacket(packet);
        }
    }

    private void onDecodeError(ProtocolException e) {
        log.debug("connection {} from {}: invalid packet, closing: {}", session.id(),
                session.request().address(), e.getMessage());
        close();
    }

    private void onPacket(SioPacket packet) {
        String nsp = packet.nsp();
        if (packet.type() == io.zapsocket.protocol.sio.SioPacketType.CONNECT) {
            if (sockets.containsKey(nsp) || (connecting != null && connecting.contains(nsp))) {
                log.debug("connection {}: CONNECT to {} twice, closing (invalid state)", session.id(), nsp);
                close();
                return;
            }
            connect(nsp, authOf(packet.data()));
            return;
        }
        DefaultServerSocket socket = sockets.get(nsp);
        if (socket == null) {
            log.debug("connection {}: {} packet for namespace {} not joined, closing (invalid state)",
                    session.id(), packet.type(), nsp);
            close();
            return;
        }
        EventDelivery.onPacket(socket, packet);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> authOf(Object data) {
        if (data instanceof Map) {
            return (Map<String, Object>) data;
        }
        return new LinkedHashMap<>();
    }

    private void connect(String name, Map<String, Object> auth) {
        int inProgress = connecting == null ? 0 : connecting.size();
        if (sockets.size() + inProgress >= server.options().maxNamespacesPerConnection()) {
            log.debug("connection {}: refusing namespace {}: maxNamespacesPerConnection reached", session.id(), name);
            Map<String, Object> err = new LinkedHashMap<>();
            err.put("message", "Too many namespaces");
            sendPacket(SioPacket.connectError(name, err));
            return;
        }
        DefaultSocketServer.Lookup found = server.lookupNamespace(name, auth);
        if (found.namespace() == null) {
            Map<String, Object> err = new LinkedHashMap<>();
            err.put("message", found.refusal());
            sendPacket(SioPacket.connectError(name, err));
            return;
        }
        found.namespace().add(this, auth);
    }

    Handshake handshake(Map<String, Object> auth) {
        RequestInfo req = session.request();
        return new Handshake(req.headers(), req.time(), req.address(), req.header("origin") != null,
                req.secure(), req.url(), req.query(), auth);
    }

    void connecting(String nsp) {
        if (connecting == null) {
            connecting = new HashSet<>(2);
        }
        connecting.add(nsp);
    }

    void connectDone(String nsp) {
        if (connecting != null && connecting.remove(nsp) && connecting.isEmpty()) {
            connecting = null;
        }
    }

    void addSocket(DefaultServerSocket socket) {
        Map<String, DefaultServerSocket> m = new HashMap<>(sockets);
        m.put(socket.nsp().name(), socket);
        sockets = Map.copyOf(m);
        if (connectTimer != null) {
            connectTimer.cancel(false);
            connectTimer = null;
        }
    }

    void removeSocket(DefaultServerSocket socket) {
        String name = socket.nsp().name();
        if (sockets.get(name) == socket) {
            Map<String, DefaultServerSocket> m = new HashMap<>(sockets);
            m.remove(name);
            sockets = Map.copyOf(m);
        }
    }

    private void onConnectTimeout() {
        connectTimer = null;
        if (sockets.isEmpty() && !closed) {
            log.debug("connection {}: no namespace joined within connectTimeout, closing", session.id());
            close();
        }
    }

    // ---------------------------------------------------------------- outbound

    /** Encodes and sends a packet to this connection only (no {@link DefaultPreparedPacket}: nothing to share). */
    void sendPacket(SioPacket packet) {
        if (parser == Parser.MSGPACK) {
            send(OutboundMessage.binary(SioMsgpackCodec.encode(packet), true));
            return;
        }
        Encoded encoded = SioEncoder.INSTANCE.encode(packet);
        send(OutboundMessage.of(encoded.text(), encoded.attachments(), true));
    }

    void send(OutboundMessage message) {
        session.send(message);
    }

    /** Closes the connection after telling every socket (Node's {@code client._disconnect()}). */
    void disconnectAll() {
        for (DefaultServerSocket s : new ArrayList<>(sockets.values())) {
            s.disconnect(false);
        }
        close();
    }

    /** Closes the underlying connection; sockets are closed when the engine reports the close. */
    void close() {
        session.close();
    }

    // ---------------------------------------------------------------- lifecycle

    @Override
    public void onClose(String reason, String description) {
        if (closed) {
            return;
        }
        closed = true;
        cancelAttachmentTimer();
        if (connectTimer != null) {
            connectTimer.cancel(false);
            connectTimer = null;
        }
        DisconnectReason r = DisconnectReason.fromWireName(reason);
        for (DefaultServerSocket s : new ArrayList<>(sockets.values())) {
            s.onClose(r, description == null ? reason : description);
        }
        sockets = Map.of();
        server.removeClient(this);
    }
}
