/**
 * The Engine.IO v4 server: {@link io.zapsocket.server.internal.engine.EngineServer} (handshake, verification,
 * session map), the session state machine (polling, WebSocket, upgrade, heartbeat, close) and the contract with
 * the layer above ({@link io.zapsocket.server.internal.engine.EngineHandler},
 * {@link io.zapsocket.server.internal.engine.EngineSession},
 * {@link io.zapsocket.server.internal.engine.EngineSessionListener},
 * {@link io.zapsocket.server.internal.engine.OutboundMessage}).
 */
package io.zapsocket.server.internal.engine;
