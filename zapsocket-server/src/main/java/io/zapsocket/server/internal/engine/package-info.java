/**
 * The Engine.IO v4 server: {@link io.zapsocket.server.internal.engine.EngineServer} (handshake, verification,
 * session map), the session state machine (polling, WebSocket, upgrade, heartbeat, close) and the contract with
 * the layer above ({@link io.zapsocket.server.internal.engine.EngineHandler},
 * {@link io.zapsocket.server.internal.engine.EngineSession},
 * {@link io.zapsocket.server.internal.engine.EngineSessionListener},
 * {@link io.zapsocket.server.internal.engine.OutboundMessage}), flow control (the per-session priority queue with its
 * byte and packet budget, {@link io.zapsocket.server.internal.engine.EngineStats}) and admission (maxConnections,
 * the per-IP handshake rate limit, the origin allowlist).
 */
package io.zapsocket.server.internal.engine;
