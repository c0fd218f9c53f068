package io.zapsocket.server.internal.sio;

import io.zapsocket.server.LogContext;
import org.slf4j.MDC;

/**
 * Puts a socket's {@link LogContext} keys in the MDC around its handlers and removes them afterwards. Nested calls
 * for the same socket (a handler that triggers another of its listeners inline) keep the outer context; a nested
 * call for another socket replaces it, and the outer one's keys are restored after it.
 */
final class SocketMdc {
    /** The binding's MDC keeps nothing (slf4j-simple, no binding): then there is nothing to do. */
    private static final boolean NOP = MDC.getMDCAdapter() == null
            || MDC.getMDCAdapter() instanceof org.slf4j.helpers.NOPMDCAdapter;

    private SocketMdc() {
    }

    /**
     * Enters the socket's context.
     *
     * @return the socket whose context to restore on {@link #exit}: {@code socket} itself when nothing was set
     *         before, the outer socket when one was, {@code null} when there is nothing to undo (off, or nested in
     *         the same socket)
     */
    static DefaultServerSocket enter(DefaultServerSocket socket) {
        if (NOP || !socket.nsp().serverImpl().options().logContext()) {
            return null;
        }
        DefaultServerSocket outer = CURRENT.get();
        if (outer == socket) {
            putUser(socket); // a middleware may just have stored it
            return null;
        }
        put(socket);
        CURRENT.set(socket);
        return outer == null ? socket : outer;
    }

    /** Leaves the context entered by {@link #enter}, with what it returned. */
    static void exit(DefaultServerSocket socket, DefaultServerSocket restore) {
        if (restore == null) {
            return;
        }
        if (restore == socket) {
            CURRENT.remove();
            MDC.remove(LogContext.SOCKET_ID);
            MDC.remove(LogContext.NAMESPACE);
            MDC.remove(LogContext.TRANSPORT);
            MDC.remove(LogContext.REMOTE_ADDRESS);
            MDC.remove(LogContext.USER_ID);
        } else {
            put(restore);
            CURRENT.set(restore);
        }
    }

    private static final ThreadLocal<DefaultServerSocket> CURRENT = new ThreadLocal<>();

    private static void put(DefaultServerSocket socket) {
        MDC.put(LogContext.SOCKET_ID, socket.id());
        MDC.put(LogContext.NAMESPACE, socket.nsp().name());
        MDC.put(LogContext.TRANSPORT, socket.transport().wireName());
        putOrRemove(LogContext.REMOTE_ADDRESS, socket.client().session().request().address());
        putUser(socket);
    }

    private static void putUser(DefaultServerSocket socket) {
        Object user = socket.dataOrEmpty().get(LogContext.USER_ID_DATA_KEY);
        putOrRemove(LogContext.USER_ID, user == null ? null : user.toString());
    }

    private static void putOrRemove(String key, String value) {
        if (value != null) {
            MDC.put(key, value);
        } else {
            MDC.remove(key);
        }
    }
}
