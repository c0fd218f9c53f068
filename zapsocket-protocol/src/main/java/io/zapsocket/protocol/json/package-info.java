/**
 * JSON with JavaScript semantics: {@link io.zapsocket.protocol.json.Json} writes exactly what {@code JSON.stringify}
 * writes (the Socket.IO conformance suites compare packets byte for byte) and parses like {@code JSON.parse}, on top
 * of Jackson's streaming parser and, for POJOs and records, Jackson databind.
 *
 * <p>Everything here is thread-safe and free of Netty types.
 */
package io.zapsocket.protocol.json;
