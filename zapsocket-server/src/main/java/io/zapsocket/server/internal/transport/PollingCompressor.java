package io.zapsocket.server.internal.transport;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.compression.Brotli;
import io.netty.handler.codec.compression.StandardCompressionOptions;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpContentCompressor;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.zapsocket.server.CompressionOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTP compression of the responses marked {@link CompressibleResponse} (polling payloads): gzip, deflate or,
 * when brotli4j's native library loads, br, negotiated from {@code Accept-Encoding} by Netty's
 * {@link HttpContentCompressor}. Bodies below the threshold and every other response pass through untouched.
 * One per connection (it pairs each response with its request's {@code Accept-Encoding}).
 */
final class PollingCompressor extends HttpContentCompressor {
    private static final Logger log = LoggerFactory.getLogger(PollingCompressor.class);
    private static final boolean BROTLI = brotliAvailable();

    /** A response the compressor may encode. */
    static final class CompressibleResponse extends DefaultFullHttpResponse {
        CompressibleResponse(HttpVersion version, HttpResponseStatus status, ByteBuf content) {
            super(version, status, content);
        }
    }

    /** Brotli only when its native library loads (the dependency is optional); gzip and deflate always. */
    @SuppressWarnings("deprecation")
    static PollingCompressor create(CompressionOptions options) {
        if (BROTLI) {
            return new PollingCompressor(options.threshold(),
                    StandardCompressionOptions.gzip(options.level(), 15, 8),
                    StandardCompressionOptions.deflate(options.level(), 15, 8),
                    StandardCompressionOptions.brotli());
        }
        // without brotli, Netty's option-based negotiation would pick "br" for "gzip, deflate, br" and then
        // compress nothing: use the zlib-only negotiation instead
        return new PollingCompressor(options.level(), options.threshold());
    }

    /** Whether polling responses can be brotli-encoded on this machine. */
    static boolean brotliAvailable() {
        try {
            if (Brotli.isAvailable()) {
                return true;
            }
            log.debug("brotli unavailable: {}", String.valueOf(Brotli.cause()));
        } catch (LinkageError e) {
            log.debug("brotli4j not on the class path: {}", e.toString());
        }
        return false;
    }

    static boolean brotli() {
        return BROTLI;
    }

    private PollingCompressor(int threshold, io.netty.handler.codec.compression.CompressionOptions... opts) {
        super(threshold, opts);
    }

    @SuppressWarnings("deprecation")
    private PollingCompressor(int level, int threshold) {
        super(level, 15, 8, threshold);
    }

    @Override
    protected Result beginEncode(HttpResponse response, String acceptEncoding) throws Exception {
        if (!(response instanceof CompressibleResponse)) {
            return null;
        }
        return super.beginEncode(response, acceptEncoding);
    }
}
