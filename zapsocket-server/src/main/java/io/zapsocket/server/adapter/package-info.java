/**
 * The adapter SPI: the room registry and broadcast engine of a namespace, and the seam for cluster adapters
 * ({@link io.zapsocket.server.adapter.Adapter}, {@link io.zapsocket.server.adapter.InMemoryAdapter}).
 */
package io.zapsocket.server.adapter;
