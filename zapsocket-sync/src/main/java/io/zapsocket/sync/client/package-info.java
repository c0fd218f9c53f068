/**
 * The Java client side of the sync layer: {@link io.zapsocket.sync.client.StreamSubscription} follows a stream room
 * (resume after reconnects, gap fill, dedupe, resync), {@link io.zapsocket.sync.client.PresenceView} keeps a room's
 * presence, {@link io.zapsocket.sync.client.MapView} keeps a copy of a replicated map,
 * {@link io.zapsocket.sync.client.InboxReceiver} handles and acknowledges the user's inbox, over a
 * {@link io.zapsocket.client.ClientSocket}. Needs {@code zapsocket-client} (an optional dependency of this module).
 * Idempotent emits need no helper: {@code ClientOptions.idempotencyKeys(true)} with {@code retries}.
 */
package io.zapsocket.sync.client;
