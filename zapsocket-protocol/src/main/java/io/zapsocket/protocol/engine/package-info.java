/**
 * Engine.IO protocol v4: the packet model ({@link io.zapsocket.protocol.engine.EnginePacket}) and the stateless
 * codec ({@link io.zapsocket.protocol.engine.EngineCodec}) for single packets (WebSocket frames) and HTTP
 * long-polling payloads ({@code \x1e}-separated, binary as {@code b} + base64).
 */
package io.zapsocket.protocol.engine;
