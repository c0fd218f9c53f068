package io.zapsocket.server;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * An immutable snapshot of the HTTP request that opened an Engine.IO session (or of any request given to
 * {@link AllowRequest}). Header names are case-insensitive.
 *
 * <p>Thread-safe (immutable).
 *
 * @since 0.1
 */
public final class RequestInfo {
    private final String method;
    private final String url;
    private final Map<String, List<String>> query;
    private final Map<String, List<String>> headers;
    private final InetSocketAddress remoteAddress;
    private final InetSocketAddress peerAddress;
    private final boolean secure;
    private final Instant time;

    /**
     * @param method        HTTP method, e.g. {@code GET}
     * @param url           the request target as received (path and query string)
     * @param query         decoded query parameters, in order of appearance (copied; no {@code null} keys or
     *                      values)
     * @param headers       the request headers (copied; names are matched case-insensitively, names that differ
     *                      only in case are merged; no {@code null} names or values)
     * @param remoteAddress the peer address, may be {@code null} when unknown
     * @param secure        whether the request came over TLS
     * @param time          when the request was received
     */
    public RequestInfo(String method, String url, Map<String, List<String>> query,
                       Map<String, List<String>> headers, InetSocketAddress remoteAddress,
                       boolean secure, Instant time) {
        this(method, url, query, headers, remoteAddress, remoteAddress, secure, time);
    }

    /**
     * @param remoteAddress the client's address (the peer's, or the one a trusted proxy forwarded), may be
     *                      {@code null} when unknown
     * @param peerAddress   the TCP peer's address, may be {@code null} when unknown
     * @since 0.1
     */
    public RequestInfo(String method, String url, Map<String, List<String>> query,
                       Map<String, List<String>> headers, InetSocketAddress remoteAddress,
                       InetSocketAddress peerAddress, boolean secure, Instant time) {
        this.method = Objects.requireNonNull(method, "method");
        this.url = Objects.requireNonNull(url, "url");
        // kept for the life of the connection: packed (about 250 bytes for a typical handshake, not 1.3 KB)
        this.query = PackedMultiMap.ordered(query);
        this.headers = PackedMultiMap.caseInsensitive(headers);
        this.remoteAddress = remoteAddress;
        this.peerAddress = peerAddress;
        this.secure = secure;
        this.time = Objects.requireNonNull(time, "time");
    }

    public String method() {
        return method;
    }

    /** The request target as received: path plus query string. */
    public String url() {
        return url;
    }

    /** Decoded query parameters, unmodifiable; each value list is in order of appearance. */
    public Map<String, List<String>> query() {
        return query;
    }

    /** The first value of a query parameter, or {@code null}. */
    public String queryParam(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /**
     * All headers, unmodifiable; the map's keys compare case-insensitively and iterate in case-insensitive order
     * (as a {@code TreeMap} with {@code String.CASE_INSENSITIVE_ORDER}).
     */
    public Map<String, List<String>> headers() {
        return headers;
    }

    /** The first value of a header (case-insensitive name), or {@code null}. */
    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /**
     * The client's address, or {@code null} if unknown: the TCP peer's, unless the peer is one of
     * {@link ServerOptions#trustedProxies()} and named the client in {@code X-Forwarded-For} (then port 0).
     */
    public InetSocketAddress remoteAddress() {
        return remoteAddress;
    }

    /** The TCP peer's address (a reverse proxy's, when there is one), or {@code null} if unknown. */
    public InetSocketAddress peerAddress() {
        return peerAddress;
    }

    /** The client's IP ({@link #remoteAddress()}) as a string ({@code ""} when unknown). */
    public String address() {
        return remoteAddress == null || remoteAddress.getAddress() == null
                ? "" : remoteAddress.getAddress().getHostAddress();
    }

    public boolean secure() {
        return secure;
    }

    public Instant time() {
        return time;
    }

    @Override
    public String toString() {
        return "RequestInfo{" + method + ' ' + url + " from " + address() + '}';
    }
}
