package io.zapsocket.client.internal;

import io.netty.channel.EventLoop;

import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

/**
 * Where and how a {@link TransportProvider}'s connection goes: the client's event loop, the server, the request
 * target ({@code path?EIO=4&transport=...}, with the sid when upgrading) and the client's options that apply.
 *
 * @param loop the client's event loop: the connection's channels are registered on it (an NIO loop)
 * @param host the server's host name or address
 * @param port the server's port
 * @param authority the {@code Host} / {@code :authority} value
 * @param requestTarget path and query of the request
 * @param sid the Engine.IO session id when upgrading, else {@code null}
 * @param headers extra request headers
 * @param maxMessageBytes the largest packet accepted from the server
 * @param connectTimeoutMillis how long connecting (and the handshake) may take
 * @param sslContext the client's TLS context, or {@code null}
 * @param trustManager the client's trust manager, or {@code null} (the JDK's trust store)
 * @param verifyHostname whether the server's certificate must match {@code host}
 */
public record TransportTarget(EventLoop loop, String host, int port, String authority, String requestTarget,
                              String sid, Map<String, String> headers, int maxMessageBytes,
                              int connectTimeoutMillis, SSLContext sslContext, TrustManager trustManager,
                              boolean verifyHostname) {
}
