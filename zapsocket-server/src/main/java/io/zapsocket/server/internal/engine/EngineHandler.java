package io.zapsocket.server.internal.engine;

/**
 * What sits on top of an Engine.IO endpoint: the Socket.IO layer, or the raw echo of the conformance fixture.
 *
 * <p>Contract with {@link EngineServer}: {@link #onOpen} is called once per new session, on the session's event
 * loop, after the open packet (and {@code initialPacket}, if any) has been queued and before any message of that
 * session is delivered.
 */
public interface EngineHandler {

    /**
     * A session was opened.
     *
     * @return the listener that receives this session's messages and its close; never {@code null}
     */
    EngineSessionListener onOpen(EngineSession session);
}
