package io.zapsocket.server.internal.engine;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.zapsocket.protocol.ProtocolException;
import io.zapsocket.protocol.Transport;
import io.zapsocket.protocol.engine.EngineCodec;
import io.zapsocket.protocol.engine.EnginePacket;
import io.zapsocket.protocol.engine.EnginePacketType;
import io.zapsocket.server.internal.transport.HttpExchange;
import io.zapsocket.server.internal.transport.OutFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * The HTTP long-polling transport of one session (engine.io's {@code polling.ts}): what a poll GET and a data POST
 * do, the GET waiting for packets, and the payload encoding ({@code \x1e}-separated packets, binary as
 * {@code b<base64>}). The session decides what a waiting GET gets (its queue, a noop during an upgrade, the close
 * packet); this class answers it.
 *
 * <p>Confined to the session's loop, like the session: {@link EngineServer} hops every request event there. A
 * session opened over polling has one from the start; one opened over WebSocket gets one only if a stray polling
 * request with its sid arrives (to refuse it as before).
 */
final class PollingTransport {
    private static final Logger log = LoggerFactory.getLogger(PollingTransport.class);
    private static final byte[] OK = "ok".getBytes(StandardCharsets.US_ASCII);

    private final DefaultEngineSession session;
    private final EngineServer server;
    /** The long-polling GET waiting for packets, or {@code null}. */
    private HttpExchange pendingGet;
    /** The POST whose body is being read, or {@code null}. */
    private HttpExchange pendingPost;

    PollingTransport(DefaultEngineSession session, EngineServer server) {
        this.session = session;
        this.server = server;
    }

    /** Answers the handshake request {@code ex} with the open packet (and the initial packet, if any). */
    void open(HttpExchange ex, List<OutFrame> frames, HttpHeaders extraHeaders) {
        HttpHeaders headers = headers();
        if (extraHeaders != null) {
            headers.add(extraHeaders);
        }
        ex.respond(HttpResponseStatus.OK, HttpExchange.TEXT_PLAIN_UTF8, encodePayload(frames), headers, false);
    }

    /** Whether a long-polling GET is waiting for packets. */
    boolean hasPendingGet() {
        return pendingGet != null;
    }

    /**
     * Answers the waiting GET with {@code frames} as one payload; HTTP compression applies if any packet of the
     * payload allows it (as engine.io). Call only with a GET waiting.
     */
    void respond(List<OutFrame> frames, boolean compressible) {
        HttpExchange ex = pendingGet;
        pendingGet = null;
        session.outbox().observeWritten();
        ex.respond(HttpResponseStatus.OK, HttpExchange.TEXT_PLAIN_UTF8, encodePayload(frames), headers(), false,
                compressible);
    }

    /**
     * Answers the pending poll of a closing session. As Node: what is buffered goes first, and the close packet in
     * the next poll (the session stays closing); with nothing buffered, the close packet now (the session ends). In
     * one payload the close would overtake the packets ahead of it: socket.io-client hands decoded packets to its
     * sockets a tick later but handles the close at once, so a "41" before it would be reported as "transport
     * close".
     */
    void answerWhileClosing() {
        if (session.outbox().isEmpty()) {
            respond(List.of(DefaultEngineSession.CLOSE), false);
            session.terminate("forced close", null, DefaultEngineSession.CLOSE);
        } else {
            session.respondPoll(session.outbox().drainAll());
        }
    }

    /** Refuses the waiting GET with 400 (a poll racing the upgrade's {@code 5}: it belongs after the upgrade). */
    void refusePendingGet() {
        HttpExchange ex = pendingGet;
        pendingGet = null;
        server.respondError(ex, EngineError.BAD_REQUEST, null);
    }

    // ------------------------------------------------------------------ GET

    /** A long-polling GET for this session. */
    void onPollRequest(HttpExchange ex) {
        session.heartbeatExpired();
        if (session.isClosed()) {
            server.respondUnknownPoll(ex, session.id());
            return;
        }
        if (session.transport() != Transport.POLLING) {
            server.respondError(ex, EngineError.BAD_REQUEST, null);
            return;
        }
        if (pendingGet != null) {
            EngineMdc.debug(log, session, "session {}: overlapping poll requests", session.id());
            ex.respond(HttpResponseStatus.BAD_REQUEST, null, null);
            session.terminate("transport error", "overlap from client", DefaultEngineSession.CLOSE);
            return;
        }
        pendingGet = ex;
        Outbox outbox = session.outbox();
        Upgrade upgrade = session.upgrade();
        if (session.isClosing()) {
            answerWhileClosing();
        } else if (!outbox.isEmpty()) {
            session.respondPoll(outbox.drainAll());
        } else if (upgrade != null && upgrade.probed()) {
            upgrade.holdPoll(session.eventLoop());
        }
    }

    /** The connection of a GET closed before it was answered. */
    void onPollAborted(HttpExchange ex) {
        if (pendingGet == ex) {
            pendingGet = null;
            EngineMdc.debug(log, session, "session {}: poll connection closed prematurely", session.id());
            session.terminate("transport error", "poll connection closed prematurely", DefaultEngineSession.CLOSE);
        }
    }

    // ------------------------------------------------------------------ POST

    /** The head of a POST for this session (the body follows in {@link #onDataRequestBody}). */
    void onDataRequestStart(HttpExchange ex) {
        session.heartbeatExpired();
        if (session.isClosed()) {
            server.respondError(ex, EngineError.UNKNOWN_SID, null);
            return;
        }
        if (session.transport() != Transport.POLLING) {
            server.respondError(ex, EngineError.BAD_REQUEST, null);
            return;
        }
        if (pendingPost != null) {
            EngineMdc.debug(log, session, "session {}: overlapping data requests", session.id());
            ex.respond(HttpResponseStatus.BAD_REQUEST, null, null);
            session.terminate("transport error", "data request overlap from client", DefaultEngineSession.CLOSE);
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
        if (session.heartbeatExpired() || session.isClosed()) {
            server.respondError(ex, EngineError.UNKNOWN_SID, null);
            return;
        }
        try {
            EngineCodec.decodePayload(body, packet -> {
                if (session.isOpen()) {
                    onPacket(packet);
                }
            });
        } catch (ProtocolException e) {
            EngineMdc.debug(log, session, "session {}: parse error in POST: {}", session.id(), e.getMessage());
            if (!session.isClosed()) {
                session.terminate("parse error", e.getMessage(), DefaultEngineSession.CLOSE);
            }
            server.respondError(ex, EngineError.BAD_REQUEST, null);
            return;
        }
        ex.respond(HttpResponseStatus.OK, "text/html", OK, headers(), false);
    }

    /** The POST's connection closed before its body was complete. */
    void onDataRequestAborted(HttpExchange ex) {
        if (pendingPost == ex) {
            pendingPost = null;
            session.terminate("transport error", "data request connection closed prematurely",
                    DefaultEngineSession.CLOSE);
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
        if (session.isClosed()) {
            server.respondError(ex, EngineError.UNKNOWN_SID, null);
            return;
        }
        ex.respond(HttpResponseStatus.BAD_REQUEST, null, null, null, true);
        session.terminate("transport error", "invalid content", DefaultEngineSession.CLOSE);
    }

    private void onPacket(EnginePacket packet) {
        if (packet.type() == EnginePacketType.CLOSE) {
            // the client closes: a pending GET ends with a noop. If its poll is still on the way (sent
            // concurrently, on another connection), it gets the noop when it arrives.
            if (pendingGet == null) {
                server.lingerAfterClientClose(session.id(), session.eventLoop());
            }
            session.terminate("transport close", "client closed", DefaultEngineSession.NOOP);
            return;
        }
        session.onPacket(packet);
    }

    // ------------------------------------------------------------------ payload

    private static HttpHeaders headers() {
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

    @Override
    public String toString() {
        return "PollingTransport[" + session.id() + (pendingGet != null ? ", GET waiting" : "") + "]";
    }
}
