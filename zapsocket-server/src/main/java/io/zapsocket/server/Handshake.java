package io.zapsocket.server;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The details of a socket's handshake, like Node's {@code socket.handshake}.
 *
 * @param headers the headers of the request that opened the connection (case-insensitive keys)
 * @param time    when the connection was opened
 * @param address the client IP
 * @param xdomain whether the request had an {@code Origin} header
 * @param secure  whether the connection is over TLS
 * @param url     the request target of the first request
 * @param query   the query parameters of the first request
 * @param auth    the CONNECT auth payload ({@code {}} when none); key order kept
 * @since 0.1
 */
public record Handshake(Map<String, List<String>> headers, Instant time, String address, boolean xdomain,
                        boolean secure, String url, Map<String, List<String>> query, Map<String, Object> auth) {

    /** The epoch millis of {@link #time()}, as Node's {@code issued}. */
    public long issued() {
        return time.toEpochMilli();
    }

    /** The first value of a header, or {@code null}. */
    public String header(String name) {
        List<String> v = headers.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    /** The first value of a query parameter, or {@code null}. */
    public String queryParam(String name) {
        List<String> v = query.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }
}
