/**
 * Socket.IO protocol v5 packets and their codec: {@link io.zapsocket.protocol.sio.SioPacket},
 * {@link io.zapsocket.protocol.sio.SioEncoder} (stateless, shared; one encoding per broadcast) and
 * {@link io.zapsocket.protocol.sio.SioDecoder} (stateful, one per connection, validating like socket.io-parser).
 *
 * <p>Texts here are Socket.IO packets without the Engine.IO {@code 4} (message) prefix; binary attachments are the
 * Engine.IO binary messages that follow a BINARY_EVENT / BINARY_ACK. JSON is written and read with JavaScript's
 * exact semantics by {@link io.zapsocket.protocol.json.Json}.
 */
package io.zapsocket.protocol.sio;
