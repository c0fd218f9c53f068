package io.zapsocket.client.internal;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.IdentityCipherSuiteFilter;
import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.zapsocket.client.ClientOptions;
import io.zapsocket.protocol.Transport;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;

/**
 * Where the server is: host, port, TLS, Engine.IO path and query; builds the request URIs of both transports and the
 * TLS handlers. Immutable and thread-safe.
 */
final class Endpoint {
    private static final AtomicLong CACHE_BUSTER = new AtomicLong();

    private final boolean secure;
    private final String host;
    private final int port;
    private final String path;
    private final String query; // "&a=b&c=d" or ""
    private final SslContext sslContext;
    private final boolean verifyHostname;
    private final OffLoopResolverGroup resolver = new OffLoopResolverGroup();

    Endpoint(URI uri, ClientOptions options) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        switch (scheme) {
            case "http", "ws" -> secure = false;
            case "https", "wss" -> secure = true;
            default -> throw new IllegalArgumentException("URL scheme must be http, https, ws or wss: " + uri);
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("URL has no host: " + uri);
        }
        String p = uri.getRawPath();
        if (p != null && !p.isEmpty() && !p.equals("/")) {
            throw new IllegalArgumentException("URL path must be empty or '/' (the Engine.IO path is the 'path' "
                    + "option, namespaces are given to socket(...)): " + uri);
        }
        host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1) : uri.getHost();
        port = uri.getPort() >= 0 ? uri.getPort() : secure ? 443 : 80;
        path = options.path();
        Map<String, String> q = new LinkedHashMap<>();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                q.put(decode(eq < 0 ? pair : pair.substring(0, eq)), eq < 0 ? "" : decode(pair.substring(eq + 1)));
            }
        }
        q.putAll(options.query());
        for (String reserved : new String[] {"EIO", "transport", "sid", "t"}) {
            if (q.containsKey(reserved)) {
                throw new IllegalArgumentException("query parameter '" + reserved + "' is reserved by Engine.IO");
            }
        }
        StringBuilder sb = new StringBuilder();
        q.forEach((k, v) -> sb.append('&').append(encode(k)).append('=').append(encode(v)));
        query = sb.toString();
        verifyHostname = options.verifyHostname();
        sslContext = secure ? sslContext(options) : null;
    }

    private static SslContext sslContext(ClientOptions options) {
        if (options.sslContext() != null) {
            return new JdkSslContext(options.sslContext(), true, null,
                    IdentityCipherSuiteFilter.INSTANCE, null, ClientAuth.NONE, null, false);
        }
        try {
            SslContextBuilder b = SslContextBuilder.forClient()
                    .endpointIdentificationAlgorithm(options.verifyHostname() ? "HTTPS" : null);
            if (options.trustManager() != null) {
                b.trustManager(options.trustManager());
            }
            return b.build();
        } catch (SSLException e) {
            throw new IllegalArgumentException("cannot create the TLS context: " + e.getMessage(), e);
        }
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Resolves host names off the I/O thread; closed with the client. */
    OffLoopResolverGroup resolver() {
        return resolver;
    }

    String host() {
        return host;
    }

    int port() {
        return port;
    }

    boolean secure() {
        return secure;
    }

    /** The {@code Host} header value. */
    String hostHeader() {
        String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        return (secure && port == 443) || (!secure && port == 80) ? h : h + ":" + port;
    }

    /** The request target (path + query) of a polling request. */
    String pollingTarget(String sid) {
        StringBuilder sb = new StringBuilder(path).append("?EIO=4&transport=").append(Transport.POLLING.wireName());
        if (sid != null) {
            sb.append("&sid=").append(encode(sid));
        }
        // cache buster, as the JavaScript client's timestampRequests
        sb.append("&t=").append(Long.toString(System.currentTimeMillis(), 36)).append('.')
                .append(CACHE_BUSTER.incrementAndGet());
        return sb.append(query).toString();
    }

    /** The absolute {@code ws://} / {@code wss://} URI of a WebSocket connection. */
    URI websocketUri(String sid) {
        StringBuilder sb = new StringBuilder(secure ? "wss://" : "ws://").append(hostHeader()).append(path)
                .append("?EIO=4&transport=").append(Transport.WEBSOCKET.wireName());
        if (sid != null) {
            sb.append("&sid=").append(encode(sid));
        }
        return URI.create(sb.append(query).toString());
    }

    /** The request target (path + query) of another transport's request, e.g. WebTransport's CONNECT. */
    String streamTarget(Transport transport, String sid) {
        StringBuilder sb = new StringBuilder(path).append("?EIO=4&transport=").append(transport.wireName());
        if (sid != null) {
            sb.append("&sid=").append(encode(sid));
        }
        return sb.append(query).toString();
    }

    /** A new TLS handler for one connection, or {@code null} without TLS. */
    SslHandler newSslHandler(ByteBufAllocator alloc) {
        if (sslContext == null) {
            return null;
        }
        SslHandler handler = sslContext.newHandler(alloc, host, port);
        if (verifyHostname && sslContext instanceof JdkSslContext) {
            SSLEngine engine = handler.engine();
            SSLParameters params = engine.getSSLParameters();
            params.setEndpointIdentificationAlgorithm("HTTPS");
            engine.setSSLParameters(params);
        }
        return handler;
    }

    @Override
    public String toString() {
        return (secure ? "https://" : "http://") + hostHeader() + path;
    }
}
