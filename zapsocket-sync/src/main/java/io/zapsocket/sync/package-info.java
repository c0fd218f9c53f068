/**
 * The sync layer on top of a {@link io.zapsocket.server.Namespace}: {@link io.zapsocket.sync.Sync} (stream rooms and
 * presence), its {@link io.zapsocket.sync.SyncOptions}, the {@link io.zapsocket.sync.SyncAuthorizer} hook and the
 * stores ({@link io.zapsocket.sync.SyncStores}: in memory for one node, Redis for a cluster). The wire format a
 * plain socket.io-client speaks is documented in {@code docs/sync.md}.
 */
package io.zapsocket.sync;
