package io.zapsocket.protocol.sio;

import java.util.Set;

/**
 * Event names reserved by Socket.IO: an application may not emit them, and a peer sending them in an EVENT packet
 * is violating the protocol (the decoder rejects it, as socket.io-parser's {@code isPayloadValid} does).
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1
 */
public final class ReservedEvents {

    /**
     * The reserved names: {@code connect}, {@code connect_error}, {@code disconnect}, {@code disconnecting},
     * {@code newListener}, {@code removeListener}. Immutable.
     */
    public static final Set<String> NAMES = Set.of(
            "connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener");

    private ReservedEvents() {
    }

    /**
     * @param name an event name, may be {@code null}
     * @return whether {@code name} is reserved ({@code false} for {@code null})
     */
    public static boolean isReserved(String name) {
        return name != null && NAMES.contains(name);
    }
}
