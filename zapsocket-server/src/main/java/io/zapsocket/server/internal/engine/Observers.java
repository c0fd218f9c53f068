package io.zapsocket.server.internal.engine;

import io.zapsocket.protocol.Transport;
import io.zapsocket.server.ServerObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link ServerObserver}s of one server. Hot paths read {@link #current()} once and skip the call when it is
 * {@code null} (no observer): one volatile read, nothing allocated. With observers, {@code current()} is a guard
 * that calls each in turn and logs the first exception of each observer (then ignores them).
 */
public final class Observers {
    private static final Logger log = LoggerFactory.getLogger(Observers.class);

    private final List<ServerObserver> all = new ArrayList<>();
    private volatile ServerObserver current;

    /** The observers as one, or {@code null} when there is none. */
    public ServerObserver current() {
        return current;
    }

    /** Adds one; the returned action removes it again. */
    public synchronized Runnable add(ServerObserver observer) {
        Objects.requireNonNull(observer, "observer");
        Guarded g = new Guarded(observer);
        all.add(g);
        rebuild();
        return () -> remove(g);
    }

    private synchronized void remove(ServerObserver g) {
        all.remove(g);
        rebuild();
    }

    private void rebuild() {
        current = all.isEmpty() ? null : all.size() == 1 ? all.get(0) : new Composite(all.toArray(ServerObserver[]::new));
    }

    /** Calls one observer, logging its first failure. */
    private static final class Guarded implements ServerObserver {
        private final ServerObserver o;
        private final AtomicBoolean warned = new AtomicBoolean();

        Guarded(ServerObserver o) {
            this.o = o;
        }

        private void failed(RuntimeException e) {
            if (warned.compareAndSet(false, true)) {
                log.warn("server observer {} failed (further failures are not logged)", o, e);
            }
        }

        @Override
        public void onHandshakeAccepted(Transport transport) {
            try {
                o.onHandshakeAccepted(transport);
            } catch (RuntimeException e) {
                failed(e);
            }
        }

        @Override
        public void onHandshakeRefused(HandshakeRefusal reason) {
            try {
                o.onHandshakeRefused(reason);
            } catch (RuntimeException e) {
                failed(e);
            }
        }

        @Override
        public void onMessageReceived(int bytes) {
            try {
                o.onMessageReceived(bytes);
            } catch (RuntimeException e) {
                failed(e);
            }
        }

        @Override
        public void onPacketSent(int frames, long bytes) {
            try {
                o.onPacketSent(frames, bytes);
            } catch (RuntimeException e) {
                failed(e);
            }
        }

        @Override
        public void onAckRequested() {
            try {
                o.onAckRequested();
            } catch (RuntimeException e) {
                failed(e);
            }
        }

        @Override
        public void onAckTimeout() {
            try {
                o.onAckTimeout();
            } catch (RuntimeException e) {
                failed(e);
            }
        }

        @Override
        public void onWriteLatency(long nanos) {
            try {
                o.onWriteLatency(nanos);
            } catch (RuntimeException e) {
                failed(e);
            }
        }

        @Override
        public void onDropped(DropPolicy policy, int packets) {
            try {
                o.onDropped(policy, packets);
            } catch (RuntimeException e) {
                failed(e);
            }
        }

        @Override
        public void onRateLimited() {
            try {
                o.onRateLimited();
            } catch (RuntimeException e) {
                failed(e);
            }
        }

        @Override
        public void onRecovery(boolean recovered) {
            try {
                o.onRecovery(recovered);
            } catch (RuntimeException e) {
                failed(e);
            }
        }

        @Override
        public String toString() {
            return o.toString();
        }
    }

    /** Several guarded observers. */
    private record Composite(ServerObserver[] os) implements ServerObserver {
        @Override
        public void onHandshakeAccepted(Transport transport) {
            for (ServerObserver o : os) {
                o.onHandshakeAccepted(transport);
            }
        }

        @Override
        public void onHandshakeRefused(HandshakeRefusal reason) {
            for (ServerObserver o : os) {
                o.onHandshakeRefused(reason);
            }
        }

        @Override
        public void onMessageReceived(int bytes) {
            for (ServerObserver o : os) {
                o.onMessageReceived(bytes);
            }
        }

        @Override
        public void onPacketSent(int frames, long bytes) {
            for (ServerObserver o : os) {
                o.onPacketSent(frames, bytes);
            }
        }

        @Override
        public void onAckRequested() {
            for (ServerObserver o : os) {
                o.onAckRequested();
            }
        }

        @Override
        public void onAckTimeout() {
            for (ServerObserver o : os) {
                o.onAckTimeout();
            }
        }

        @Override
        public void onWriteLatency(long nanos) {
            for (ServerObserver o : os) {
                o.onWriteLatency(nanos);
            }
        }

        @Override
        public void onDropped(DropPolicy policy, int packets) {
            for (ServerObserver o : os) {
                o.onDropped(policy, packets);
            }
        }

        @Override
        public void onRateLimited() {
            for (ServerObserver o : os) {
                o.onRateLimited();
            }
        }

        @Override
        public void onRecovery(boolean recovered) {
            for (ServerObserver o : os) {
                o.onRecovery(recovered);
            }
        }
    }
}
