package io.zapsocket.server.testing;

import io.zapsocket.protocol.Transport;
import io.zapsocket.server.internal.engine.EngineHandler;
import io.zapsocket.server.internal.engine.EngineSession;
import io.zapsocket.server.internal.engine.EngineSessionListener;
import io.zapsocket.server.internal.engine.OutboundMessage;

import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An {@link EngineHandler} that records every event as a string ({@code open}, {@code message:<text>},
 * {@code binary:<hex>}, {@code upgrade:websocket}, {@code close:<reason>}) and, when {@code echo} is set, sends
 * every message back.
 */
public final class RecordingHandler implements EngineHandler {
    private final boolean echo;
    public final BlockingQueue<String> events = new LinkedBlockingQueue<>();
    public final Map<String, EngineSession> sessions = new ConcurrentHashMap<>();
    public final Map<String, String> closeReasons = new ConcurrentHashMap<>();

    public RecordingHandler(boolean echo) {
        this.echo = echo;
    }

    @Override
    public EngineSessionListener onOpen(EngineSession session) {
        assertThat(session.eventLoop().inEventLoop()).isTrue();
        sessions.put(session.id(), session);
        events.add("open");
        return new EngineSessionListener() {
            @Override
            public void onMessage(String text) {
                events.add("message:" + text);
                if (echo) {
                    session.send(OutboundMessage.text(text));
                }
            }

            @Override
            public void onBinary(byte[] data) {
                events.add("binary:" + HexFormat.of().formatHex(data));
                if (echo) {
                    session.sendBinary(data);
                }
            }

            @Override
            public void onUpgrade(Transport transport) {
                events.add("upgrade:" + transport.wireName());
            }

            @Override
            public void onClose(String reason, String description) {
                closeReasons.put(session.id(), reason);
                events.add("close:" + reason);
            }
        };
    }

    /** The next event, waiting up to 5 s. */
    public String next() throws InterruptedException {
        String e = events.poll(5, TimeUnit.SECONDS);
        assertThat(e).as("next engine event").isNotNull();
        return e;
    }

    public EngineSession session(String sid) {
        return sessions.get(sid);
    }
}
