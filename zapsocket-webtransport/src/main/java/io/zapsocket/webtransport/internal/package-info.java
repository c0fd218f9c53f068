/** The WebTransport transport's implementation (QUIC, HTTP/3, stream framing): not an API. */
package io.zapsocket.webtransport.internal;
