package io.zapsocket.server.testing;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.AbstractLogger;
import org.slf4j.helpers.BasicMDCAdapter;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The server tests' SLF4J binding (selected with {@code -Dslf4j.provider}): slf4j-simple, whose MDC is a no-op,
 * plus a working MDC and a test appender: the lines of the loggers whose name starts with {@code recorded.} are
 * kept in {@link #LINES} with the MDC they were logged with. The engine's loggers ({@code
 * io.zapsocket.server.internal.engine.*}) are recorded too, at every level, while {@link #recordEngine} is on;
 * otherwise they are slf4j-simple's.
 */
public final class RecordingLogProvider implements SLF4JServiceProvider {
    /** A recorded log line. */
    public record Line(String logger, Level level, String message, Map<String, String> mdc) {
    }

    public static final List<Line> LINES = new CopyOnWriteArrayList<>();
    /** Whether the engine's loggers are recorded (and enabled at every level); off by default. */
    public static volatile boolean recordEngine;
    private static final String ENGINE = "io.zapsocket.server.internal.engine.";

    private final SLF4JServiceProvider simple = simple();
    private final BasicMDCAdapter mdc = new BasicMDCAdapter();
    private final BasicMarkerFactory markers = new BasicMarkerFactory();
    private ILoggerFactory factory;

    /** slf4j-simple's provider, by name (a test dependency of every module). */
    private static SLF4JServiceProvider simple() {
        try {
            return (SLF4JServiceProvider) Class.forName("org.slf4j.simple.SimpleServiceProvider")
                    .getConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public ILoggerFactory getLoggerFactory() {
        return factory;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markers;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdc;
    }

    @Override
    public String getRequestedApiVersion() {
        return simple.getRequestedApiVersion();
    }

    @Override
    public void initialize() {
        simple.initialize();
        ILoggerFactory delegate = simple.getLoggerFactory();
        factory = name -> name.startsWith("recorded.") ? new Recording(name, null)
                : name.startsWith(ENGINE) ? new Recording(name, delegate.getLogger(name)) : delegate.getLogger(name);
    }

    private final class Recording extends AbstractLogger {
        /** The logger used while not recording (engine loggers), or {@code null}: always recording. */
        private final transient Logger otherwise;

        Recording(String name, Logger otherwise) {
            this.name = name;
            this.otherwise = otherwise;
        }

        private boolean on(Level level) {
            return otherwise == null || recordEngine || otherwise.isEnabledForLevel(level);
        }

        @Override
        protected String getFullyQualifiedCallerName() {
            return null;
        }

        @Override
        protected void handleNormalizedLoggingCall(Level level, Marker marker, String messagePattern,
                                                   Object[] arguments, Throwable throwable) {
            if (otherwise != null && !recordEngine) {
                otherwise.atLevel(level).setCause(throwable).log(messagePattern, arguments);
                return;
            }
            Map<String, String> context = mdc.getCopyOfContextMap();
            LINES.add(new Line(name, level, MessageFormatter.basicArrayFormat(messagePattern, arguments),
                    context == null ? Map.of() : Map.copyOf(context)));
        }

        @Override
        public boolean isTraceEnabled() {
            return on(Level.TRACE);
        }

        @Override
        public boolean isTraceEnabled(Marker marker) {
            return on(Level.TRACE);
        }

        @Override
        public boolean isDebugEnabled() {
            return on(Level.DEBUG);
        }

        @Override
        public boolean isDebugEnabled(Marker marker) {
            return on(Level.DEBUG);
        }

        @Override
        public boolean isInfoEnabled() {
            return on(Level.INFO);
        }

        @Override
        public boolean isInfoEnabled(Marker marker) {
            return on(Level.INFO);
        }

        @Override
        public boolean isWarnEnabled() {
            return on(Level.WARN);
        }

        @Override
        public boolean isWarnEnabled(Marker marker) {
            return on(Level.WARN);
        }

        @Override
        public boolean isErrorEnabled() {
            return on(Level.ERROR);
        }

        @Override
        public boolean isErrorEnabled(Marker marker) {
            return on(Level.ERROR);
        }
    }
}
