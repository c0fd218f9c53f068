/**
 * The Socket.IO v4 wire protocol (Engine.IO v4 and Socket.IO v5) in pure Java: packet model and codecs, with no
 * dependency on Netty. Strings, {@code byte[]} and {@link java.nio.ByteBuffer} are the only I/O types.
 */
package io.zapsocket.protocol;
