package io.zapsocket.client.internal;

import io.zapsocket.client.TransportException;
import io.zapsocket.protocol.Transport;
import io.zapsocket.protocol.engine.EnginePacket;

import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.function.Function;

/**
 * A transport from a {@link TransportProvider} (another module's), as an {@link EngineTransport}: it opens the
 * provider's {@link TransportLink} and passes its events on, once and only while not closed. Confined to the
 * client's event loop.
 */
final class ProvidedTransport extends EngineTransport implements TransportLink.Events {
    private static final Map<Transport, TransportProvider> PROVIDERS = load();

    private final Transport type;
    private final Function<String, TransportTarget> target;
    private TransportLink link;
    private boolean open;

    /**
     * @param target the target for a sid (the sid is {@code null} for a new session)
     */
    ProvidedTransport(Listener listener, String sid, Transport type, Function<String, TransportTarget> target) {
        super(listener, sid);
        this.type = type;
        this.target = target;
    }

    private static Map<Transport, TransportProvider> load() {
        Map<Transport, TransportProvider> m = new java.util.EnumMap<>(Transport.class);
        for (TransportProvider p : ServiceLoader.load(TransportProvider.class, TransportProvider.class.getClassLoader())) {
            m.putIfAbsent(p.type(), p);
        }
        return m;
    }

    /** Whether a module on the class or module path provides {@code type}. */
    static boolean available(Transport type) {
        return PROVIDERS.containsKey(type);
    }

    @Override
    Transport type() {
        return type;
    }

    @Override
    void open() {
        TransportProvider provider = PROVIDERS.get(type);
        if (provider == null) {
            fail(new TransportException(type.wireName() + " error: no provider (add zapsocket-" + type.wireName()
                    + " to the class path)"));
            return;
        }
        try {
            link = provider.open(target.apply(sid), this);
        } catch (RuntimeException e) {
            fail(new TransportException(type.wireName() + " error: " + e.getMessage(), e));
        }
    }

    @Override
    boolean writable() {
        return open && !closed && link != null && link.writable();
    }

    @Override
    void send(List<EnginePacket> packets) {
        if (writable()) {
            link.send(packets);
        }
    }

    @Override
    void close(boolean graceful, Runnable onClosed) {
        boolean wasClosed = closed;
        closed = true;
        if (wasClosed || link == null) {
            if (onClosed != null) {
                onClosed.run();
            }
            return;
        }
        link.close(graceful && open, onClosed);
    }

    // ---- TransportLink.Events ----

    @Override
    public void onOpen() {
        if (!closed && !open) {
            open = true;
            listener.onTransportOpen(this);
        }
    }

    @Override
    public void onPacket(EnginePacket packet) {
        received(packet);
    }

    @Override
    public void onDrain() {
        if (!closed) {
            listener.onTransportDrain(this);
        }
    }

    @Override
    public void onError(Throwable cause) {
        fail(cause);
    }

    @Override
    public void onClose() {
        if (!open) {
            fail(new TransportException(type.wireName() + " error: connection closed before it opened"));
        } else {
            peerClosed();
        }
    }
}
