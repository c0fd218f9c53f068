/**
 * The Zap-Socket server API: {@link io.zapsocket.server.SocketServer}, namespaces, sockets, broadcast operators
 * and options. No Netty type appears here; implementations live in {@code io.zapsocket.server.internal}.
 */
package io.zapsocket.server;
