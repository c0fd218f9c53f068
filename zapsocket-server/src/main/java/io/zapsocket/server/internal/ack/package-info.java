/**
 * Acknowledgements, both ways, in one place: the table of acks a socket awaits from its client
 * ({@link io.zapsocket.server.internal.ack.AckTable}, indexed by ack id, with the timeouts), the future of a
 * socket's emit with ack ({@link io.zapsocket.server.internal.ack.TimedAck}), the aggregation of a broadcast's
 * answers across recipients and nodes ({@link io.zapsocket.server.internal.ack.AckAggregator}), and the answer a
 * handler sends to a client's request ({@link io.zapsocket.server.internal.ack.ClientAck}, written without a packet
 * by {@link io.zapsocket.server.internal.ack.AckEncoder}).
 *
 * <p>Used by the socket ({@code DefaultServerSocket}, {@code SocketEmitter}) and the broadcast operator. Internal:
 * not exported by the module.
 */
package io.zapsocket.server.internal.ack;
