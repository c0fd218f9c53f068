/**
 * The Engine.IO v4 server: {@link io.zapsocket.server.internal.engine.EngineServer} (handshake, verification,
 * session map), the session state machine ({@code DefaultEngineSession}: state, open and close) with its parts,
 * one class each: the transports ({@code PollingTransport}: poll GETs, data POSTs, payload encoding;
 * {@code WsTransport}: one WebSocket's frames and writes), the {@code Upgrade} from polling to WebSocket, the
 * {@code Heartbeat} and the {@code Outbox} (what the session has to send, and its budget); and the contract with
 * the layer above ({@link io.zapsocket.server.internal.engine.EngineHandler},
 * {@link io.zapsocket.server.internal.engine.EngineSession},
 * {@link io.zapsocket.server.internal.engine.EngineSessionListener},
 * {@link io.zapsocket.server.internal.engine.OutboundMessage}), flow control (the per-session priority queue with its
 * byte and packet budget, {@link io.zapsocket.server.internal.engine.EngineStats}) and admission (maxConnections,
 * the per-IP handshake rate limit, the origin allowlist).
 */
package io.zapsocket.server.internal.engine;
