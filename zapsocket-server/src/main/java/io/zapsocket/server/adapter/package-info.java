/**
 * The adapter SPI: the room registry and broadcast engine of a namespace, and the seam for cluster adapters
 * ({@link io.zapsocket.server.adapter.Adapter}, {@link io.zapsocket.server.adapter.InMemoryAdapter}). Brokers build
 * on the cluster template ({@link io.zapsocket.server.adapter.ClusterAdapter},
 * {@link io.zapsocket.server.adapter.ClusterAdapterWithHeartbeat}) and only move
 * {@link io.zapsocket.server.adapter.ClusterMessage}s.
 */
package io.zapsocket.server.adapter;
