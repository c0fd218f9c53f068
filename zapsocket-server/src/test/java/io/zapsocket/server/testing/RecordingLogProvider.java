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
 * kept in {@link #LINES} with the MDC they were logged with.
 */
public final class RecordingLogProvider implements SLF4JServiceProvider {
    /** A recorded log line. */
    public record Line(String logger, Level level, String message, Map<String, String> mdc) {
    }

    public static final List<Line> LINES = new CopyOnWriteArrayList<>();

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
        factory = name -> name.startsWith("recorded.") ? new Recording(name) : delegate.getLogger(name);
    }

    private final class Recording extends AbstractLogger {
        Recording(String name) {
            this.name = name;
        }

        @Override
        protected String getFullyQualifiedCallerName() {
            return null;
        }

        @Override
        protected void handleNormalizedLoggingCall(Level level, Marker marker, String messagePattern,
                                                   Object[] arguments, Throwable throwable) {
            Map<String, String> context = mdc.getCopyOfContextMap();
            LINES.add(new Line(name, level, MessageFormatter.basicArrayFormat(messagePattern, arguments),
                    context == null ? Map.of() : Map.copyOf(context)));
        }

        @Override
        public boolean isTraceEnabled() {
            return true;
        }

        @Override
        public boolean isTraceEnabled(Marker marker) {
            return true;
        }

        @Override
        public boolean isDebugEnabled() {
            return true;
        }

        @Override
        public boolean isDebugEnabled(Marker marker) {
            return true;
        }

        @Override
        public boolean isInfoEnabled() {
            return true;
        }

        @Override
        public boolean isInfoEnabled(Marker marker) {
            return true;
        }

        @Override
        public boolean isWarnEnabled() {
            return true;
        }

        @Override
        public boolean isWarnEnabled(Marker marker) {
            return true;
        }

        @Override
        public boolean isErrorEnabled() {
            return true;
        }

        @Override
        public boolean isErrorEnabled(Marker marker) {
            return true;
        }
    }
}
