package io.zapsocket.server.internal.engine;

import io.zapsocket.server.LogContext;
import org.slf4j.Logger;
import org.slf4j.MDC;

/**
 * Puts an Engine.IO session's {@link LogContext} keys (session id, transport, client address) in the MDC around the
 * engine's events (open, upgrade, close) and its own log lines, and removes them afterwards. Keys already set (a
 * socket's context, a caller's own) are left as they are and not removed. Off with {@code logContext(false)} or an
 * MDC that keeps nothing; the log-line helper costs nothing when the level is off.
 */
final class EngineMdc {
    private static final boolean NOP = MDC.getMDCAdapter() == null
            || MDC.getMDCAdapter() instanceof org.slf4j.helpers.NOPMDCAdapter;
    private static final int SESSION = 1;
    private static final int TRANSPORT = 2;
    private static final int ADDRESS = 4;

    private EngineMdc() {
    }

    /** Enters the session's context; returns what to undo with {@link #exit}. */
    static int enter(DefaultEngineSession s) {
        if (NOP || !s.options().logContext()) {
            return 0;
        }
        int set = 0;
        if (MDC.get(LogContext.SESSION_ID) == null) {
            MDC.put(LogContext.SESSION_ID, s.id());
            set |= SESSION;
        }
        if (MDC.get(LogContext.TRANSPORT) == null) {
            MDC.put(LogContext.TRANSPORT, s.transport().wireName());
            set |= TRANSPORT;
        }
        String address = s.request().address();
        if (address != null && MDC.get(LogContext.REMOTE_ADDRESS) == null) {
            MDC.put(LogContext.REMOTE_ADDRESS, address);
            set |= ADDRESS;
        }
        return set;
    }

    /** Removes the keys {@link #enter} set. */
    static void exit(int set) {
        if ((set & SESSION) != 0) {
            MDC.remove(LogContext.SESSION_ID);
        }
        if ((set & TRANSPORT) != 0) {
            MDC.remove(LogContext.TRANSPORT);
        }
        if ((set & ADDRESS) != 0) {
            MDC.remove(LogContext.REMOTE_ADDRESS);
        }
    }

    /** {@code log.debug(format, args)} inside the session's context (nothing at all when DEBUG is off). */
    static void debug(Logger log, DefaultEngineSession s, String format, Object... args) {
        if (!log.isDebugEnabled()) {
            return;
        }
        int set = enter(s);
        try {
            log.debug(format, args);
        } finally {
            exit(set);
        }
    }

    /** {@code log.warn(format, args)} inside the session's context. */
    static void warn(Logger log, DefaultEngineSession s, String format, Object... args) {
        if (!log.isWarnEnabled()) {
            return;
        }
        int set = enter(s);
        try {
            log.warn(format, args);
        } finally {
            exit(set);
        }
    }
}
