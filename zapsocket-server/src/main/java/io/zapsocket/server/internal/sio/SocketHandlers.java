package io.zapsocket.server.internal.sio;

import io.zapsocket.server.ErrorListener;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a socket's user code (event handlers, listeners, middlewares): in order per socket, inline on its loop or on
 * its {@link SerialExecutor} when the server has a handler executor; each call isolated (a failure goes to the
 * error listeners, never up into the connection) and inside the socket's MDC log context ({@link SocketMdc}).
 * Stateless: no object per socket.
 */
final class SocketHandlers {
    /** The socket's logger: what is logged here is about the socket. */
    private static final Logger log = LoggerFactory.getLogger(DefaultServerSocket.class);

    private SocketHandlers() {
    }

    /** User code that may throw anything: isolated by {@link #invoke}. */
    @FunctionalInterface
    interface ThrowingRunnable {
        void run() throws Exception;
    }

    /** Whether user code of {@code s} runs right here, inline: no handler executor, and called on its loop. */
    static boolean runsInline(DefaultServerSocket s) {
        return s.executor() == null && s.loop().inEventLoop();
    }

    /**
     * Runs user code in order for {@code s}: inline when on the loop without a handler executor, else on the
     * socket's serial executor (or its loop). Each invocation is isolated.
     */
    static void dispatch(DefaultServerSocket s, ThrowingRunnable task) {
        SerialExecutor executor = s.executor();
        if (executor != null) {
            executor.execute(() -> invoke(s, task));
        } else if (s.loop().inEventLoop()) {
            invoke(s, task);
        } else {
            s.loop().execute(() -> invoke(s, task));
        }
    }

    /** Runs framework code after the user tasks of {@code s} queued so far (same ordering as {@link #dispatch}). */
    static void dispatchThen(DefaultServerSocket s, Runnable task) {
        SerialExecutor executor = s.executor();
        if (executor != null) {
            executor.execute(() -> invoke(s, task::run));
        } else {
            task.run();
        }
    }

    /** Runs {@code task} now, in the socket's log context; what it throws is reported, not propagated. */
    static void invoke(DefaultServerSocket s, ThrowingRunnable task) {
        DefaultServerSocket mdc = SocketMdc.enter(s);
        try {
            task.run();
        } catch (Throwable t) {
            reportError(s, t);
        } finally {
            SocketMdc.exit(s, mdc);
        }
    }

    /** A failure of user code of {@code s}: its error listeners, the server's, or the log when nobody listens. */
    static void reportError(DefaultServerSocket s, Throwable t) {
        List<ErrorListener> errorListeners = s.listeners().errors();
        if (errorListeners.isEmpty() && !s.nsp().serverImpl().hasErrorListeners()) {
            log.warn("socket {} ({}): handler failed: {}", s.id(), s.nsp().name(), t.toString(), t);
        } else {
            log.debug("socket {} ({}): handler failed", s.id(), s.nsp().name(), t);
        }
        for (ErrorListener l : errorListeners) {
            try {
                l.onError(s, t);
            } catch (Throwable e) {
                log.warn("socket {}: error listener failed", s.id(), e);
            }
        }
        s.nsp().serverImpl().reportError(s, t);
    }
}
