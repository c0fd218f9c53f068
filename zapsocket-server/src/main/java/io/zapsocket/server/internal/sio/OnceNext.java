package io.zapsocket.server.internal.sio;

import io.zapsocket.server.Middleware;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;

/**
 * The {@link Middleware.Next} handed to one middleware of a chain: the first of {@code proceed} or {@code fail} wins,
 * later calls (a middleware calling both, or twice) are ignored. Used by the connection middlewares of a namespace
 * and by the packet middlewares of a socket.
 */
final class OnceNext implements Middleware.Next {
    private final AtomicBoolean done = new AtomicBoolean();
    private final Runnable proceed;
    private final BiConsumer<String, Object> fail;

    OnceNext(Runnable proceed, BiConsumer<String, Object> fail) {
        this.proceed = proceed;
        this.fail = fail;
    }

    /** Takes the one outcome for the caller (e.g. to report an exception the middleware threw); false if taken. */
    boolean claim() {
        return done.compareAndSet(false, true);
    }

    @Override
    public void proceed() {
        if (done.compareAndSet(false, true)) {
            proceed.run();
        }
    }

    @Override
    public void fail(String message) {
        fail(message, null);
    }

    @Override
    public void fail(String message, Object data) {
        if (done.compareAndSet(false, true)) {
            fail.accept(message, data);
        }
    }
}
