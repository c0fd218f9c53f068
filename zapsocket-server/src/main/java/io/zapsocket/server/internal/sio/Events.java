package io.zapsocket.server.internal.sio;

import io.zapsocket.protocol.sio.ReservedEvents;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Argument checks shared by every emit path. */
final class Events {
    private Events() {
    }

    /** {@code [event, args...]} after checking the event name; throws IAE for a reserved or null name. */
    static List<Object> eventArgs(String event, Object[] args) {
        Objects.requireNonNull(event, "event");
        if (ReservedEvents.isReserved(event)) {
            throw new IllegalArgumentException("\"" + event + "\" is a reserved event name");
        }
        List<Object> all = new ArrayList<>(args.length + 1);
        all.add(event);
        for (Object a : args) {
            all.add(a);
        }
        return all;
    }

    static void requireValidListenerName(String event) {
        Objects.requireNonNull(event, "event");
        if (ReservedEvents.isReserved(event)) {
            throw new IllegalArgumentException("\"" + event
                    + "\" is a reserved event name: use onConnection/onDisconnect/onDisconnecting instead");
        }
    }
}
