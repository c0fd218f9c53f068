/**
 * The Java client side of stream rooms: {@link io.zapsocket.sync.client.StreamSubscription} follows a stream room
 * over a {@link io.zapsocket.client.ClientSocket} (resume after reconnects, gap fill, dedupe, resync). Needs
 * {@code zapsocket-client} (an optional dependency of this module).
 */
package io.zapsocket.sync.client;
