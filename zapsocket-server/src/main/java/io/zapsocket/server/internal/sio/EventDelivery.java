package io.zapsocket.server.internal.sio;

import io.zapsocket.protocol.Ack;
import io.zapsocket.protocol.AnyListener;
import io.zapsocket.protocol.Args;
import io.zapsocket.protocol.DisconnectReason;
import io.zapsocket.protocol.EventHandler;
import io.zapsocket.protocol.sio.SioPacket;
import io.zapsocket.server.MiddlewareException;
import io.zapsocket.server.PacketMiddleware;
import io.zapsocket.server.RateLimitOptions;
import io.zapsocket.server.internal.ack.ClientAck;
import io.zapsocket.server.internal.ack.PendingAck;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Between a socket's packets and its user code: an incoming EVENT goes through the rate limits, the {@code onAny}
 * listeners, the packet middlewares (each may stop it), then the event's handlers, each isolated; an ACK settles
 * the socket's pending ack; outgoing events are shown to {@code onAnyOutgoing} listeners. Stateless (the socket holds the listeners, the acks and the rate limiter): no object per
 * socket. Runs on the socket's loop, or on its serial handler executor.
 */
final class EventDelivery {
    /** The socket's logger: what is logged here is about the socket. */
    private static final Logger log = LoggerFactory.getLogger(DefaultServerSocket.class);

    private EventDelivery() {
    }

    /** A packet for {@code s} from its client, on the loop. */
    static void onPacket(DefaultServerSocket s, SioPacket packet) {
        switch (packet.type()) {
            case EVENT:
            case BINARY_EVENT:
                onEvent(s, packet);
                break;
            case ACK:
            case BINARY_ACK:
                onAck(s, packet);
                break;
            case DISCONNECT:
                s.onClose(DisconnectReason.CLIENT_NAMESPACE_DISCONNECT, "client namespace disconnect");
                break;
            default:
                log.debug("socket {}: ignoring packet {}", s.id(), packet.type());
        }
    }

    private static void onAck(DefaultServerSocket s, SioPacket packet) {
        PendingAck pending = s.takeAck(packet.id());
        if (pending == null) {
            log.debug("socket {}: ack {} for an unknown id ignored", s.id(), packet.id());
            return;
        }
        pending.acked(Args.of(new ArrayList<>(packet.args())));
    }

    /** An EVENT or BINARY_EVENT for {@code s} (on its loop). */
    private static void onEvent(DefaultServerSocket s, SioPacket packet) {
        // The decoded list is this socket's alone (the decoder keeps nothing, the packet goes nowhere else): no copy.
        List<Object> all = packet.args() instanceof ArrayList<Object> decoded
                ? decoded : new ArrayList<>(packet.args());
        Ack ack = ClientAck.of(packet.id(), s);
        if (s.rateLimiter() != null && rateLimited(s, String.valueOf(all.get(0)), ack)) {
            return;
        }
        if (SocketHandlers.runsInline(s)) {
            // the common case: inline, without a task object (same isolation as invoke)
            DefaultServerSocket mdc = SocketMdc.enter(s);
            try {
                handleEvent(s, all, ack);
            } catch (Throwable t) {
                SocketHandlers.reportError(s, t);
            } finally {
                SocketMdc.exit(s, mdc);
            }
        } else {
            s.dispatch(() -> handleEvent(s, all, ack));
        }
    }

    private static void handleEvent(DefaultServerSocket s, List<Object> all, Ack ack) {
        List<AnyListener> anyListeners = s.listeners().any();
        if (!anyListeners.isEmpty()) {
            String event = String.valueOf(all.get(0));
            Args args = Args.of(new ArrayList<>(all.subList(1, all.size())));
            for (AnyListener l : anyListeners) {
                SocketHandlers.invoke(s, () -> l.onAny(event, args));
            }
        }
        runPacketMiddlewares(s, all, 0, ack);
    }

    private static void runPacketMiddlewares(DefaultServerSocket s, List<Object> packet, int index, Ack ack) {
        List<PacketMiddleware> packetMiddlewares = s.listeners().packetMiddlewares();
        if (index >= packetMiddlewares.size()) {
            // without middlewares nobody else has seen the list: its tail becomes the arguments in place
            deliverEvent(s, packet, ack, index == 0);
            return;
        }
        PacketMiddleware mw = packetMiddlewares.get(index);
        OnceNext next = new OnceNext(
                () -> s.dispatch(() -> runPacketMiddlewares(s, packet, index + 1, ack)),
                (message, data) -> SocketHandlers.reportError(s, new MiddlewareException(message, data)));
        try {
            mw.handle(packet, next);
        } catch (Exception e) {
            if (next.claim()) {
                SocketHandlers.reportError(s, e);
            }
        }
    }

    /**
     * Calls the event's handlers, each isolated as {@link SocketHandlers#invoke} does.
     *
     * @param owned whether {@code packet} is this socket's alone (an {@code ArrayList} no middleware has seen): its
     *              first element is then removed in place and the rest wrapped as the arguments, instead of copied
     */
    private static void deliverEvent(DefaultServerSocket s, List<Object> packet, Ack ack, boolean owned) {
        if (!s.connected() || packet.isEmpty()) {
            return;
        }
        String event = String.valueOf(packet.get(0));
        Object handlers = s.listeners().handlersOf(event);
        if (handlers == null) {
            log.trace("socket {}: no handler for event {}", s.id(), event);
            return;
        }
        Args args;
        if (owned && packet instanceof ArrayList<Object> list) {
            list.remove(0);
            args = Args.of(list);
        } else {
            args = Args.of(new ArrayList<>(packet.subList(1, packet.size())));
        }
        if (handlers instanceof EventHandler h) {
            try {
                h.handle(args, ack);
            } catch (Throwable t) {
                SocketHandlers.reportError(s, t);
            }
        } else {
            for (EventHandler h : (EventHandler[]) handlers) {
                try {
                    h.handle(args, ack);
                } catch (Throwable t) {
                    SocketHandlers.reportError(s, t);
                }
            }
        }
    }

    /** Applies the rate limits to an incoming event; {@code true} if it was dropped. On the loop. */
    private static boolean rateLimited(DefaultServerSocket s, String event, Ack ack) {
        long now = System.nanoTime();
        long retryAfterMs = s.rateLimiter().tryAcquire(event, now);
        if (retryAfterMs == 0) {
            return false;
        }
        log.debug("socket {}: event {} rate limited (retry after {} ms)", s.id(), event, retryAfterMs);
        s.nsp().serverImpl().observeRateLimited();
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("error", "rate limited");
        error.put("event", event);
        error.put("retryAfterMs", retryAfterMs);
        if (ack.requested()) {
            ack.send(error);
        } else if (s.rateLimiter().shouldNotify(retryAfterMs, now)) {
            s.client().sendPacket(SioPacket.event(s.nsp().name(), List.of(RateLimitOptions.ERROR_EVENT, error)));
        }
        if (s.rateLimiter().exhausted()) {
            log.info("socket {} ({}): disconnected after repeated rate-limit violations", s.id(), s.nsp().name());
            s.client().sendPacket(SioPacket.disconnect(s.nsp().name()));
            s.onClose(DisconnectReason.RATE_LIMITED, "rate limited");
        }
        return true;
    }

    /** Shows an outgoing event to the {@code onAnyOutgoing} listeners of {@code s}. */
    static void notifyOutgoing(DefaultServerSocket s, SioPacket packet) {
        List<AnyListener> anyOutgoing = s.listeners().anyOutgoing();
        if (anyOutgoing.isEmpty()) {
            return;
        }
        List<Object> all = packet.args();
        String event = String.valueOf(all.get(0));
        Args args = Args.of(new ArrayList<>(all.subList(1, all.size())));
        for (AnyListener l : anyOutgoing) {
            s.dispatch(() -> l.onAny(event, args));
        }
    }
}
