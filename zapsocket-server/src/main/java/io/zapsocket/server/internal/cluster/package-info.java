/**
 * Implementation details of the cluster template of the adapter SPI
 * ({@link io.zapsocket.server.adapter.ClusterAdapter}): the sockets of other nodes as fetchSockets returns them.
 */
package io.zapsocket.server.internal.cluster;
