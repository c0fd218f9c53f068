/**
 * Implementation of the sync layer (not exported): {@link io.zapsocket.sync.internal.DefaultSync} and its wire
 * handlers, the per-node {@link io.zapsocket.sync.internal.Fanout}, and the in-memory and Redis stores.
 */
package io.zapsocket.sync.internal;
