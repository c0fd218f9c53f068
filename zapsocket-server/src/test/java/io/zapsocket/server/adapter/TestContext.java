package io.zapsocket.server.adapter;

import io.zapsocket.protocol.sio.SioPacket;
import java.time.Duration;
import java.util.Map;

/**
 * An {@link AdapterContext} for adapter tests: namespace {@code /}, the local sockets of a map (none by default), a
 * room listener of the test's; nothing to prepare or schedule. Subclasses override what else a test needs.
 */
class TestContext implements AdapterContext {
    private final Map<String, ? extends LocalSocket> sockets;
    private final RoomListener listener;

    TestContext(RoomListener listener) {
        this(Map.of(), listener);
    }

    TestContext(Map<String, ? extends LocalSocket> sockets, RoomListener listener) {
        this.sockets = sockets;
        this.listener = listener;
    }

    @Override
    public String namespace() {
        return "/";
    }

    @Override
    public LocalSocket socket(String id) {
        return sockets.get(id);
    }

    @Override
    public PreparedPacket prepare(SioPacket packet, boolean compress) {
        throw new UnsupportedOperationException();
    }

    @Override
    public long nextAckId() {
        return 0;
    }

    @Override
    public Runnable schedule(Runnable task, Duration delay) {
        throw new UnsupportedOperationException();
    }

    @Override
    public RoomListener roomListener() {
        return listener;
    }
}
