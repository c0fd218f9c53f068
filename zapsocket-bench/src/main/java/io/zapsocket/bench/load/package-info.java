/** The load generator: raw WebSocket and long-polling clients that speak Engine.IO/Socket.IO on the wire, on one epoll event loop. */
package io.zapsocket.bench.load;
