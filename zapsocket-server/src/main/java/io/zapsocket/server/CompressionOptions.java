package io.zapsocket.server;

/**
 * Compression settings shared by WebSocket permessage-deflate ({@code perMessageDeflate}) and HTTP compression of
 * polling responses ({@code httpCompression}): messages (WebSocket) or responses (polling) smaller than
 * {@link #threshold()} bytes are sent uncompressed, as are packets emitted with {@code compress(false)}.
 *
 * <p>Immutable.
 *
 * @since 0.1
 */
public final class CompressionOptions {
    /** Threshold 1024 bytes (as Node), level 6 (zlib's default). */
    public static final CompressionOptions DEFAULT = new CompressionOptions(1024, 6);

    private final int threshold;
    private final int level;

    private CompressionOptions(int threshold, int level) {
        this.threshold = threshold;
        this.level = level;
    }

    /**
     * @param threshold smallest size in bytes that is compressed, {@code >= 0}
     * @param level     deflate/gzip level, 1 (fastest) to 9 (smallest); brotli uses its own default quality
     */
    public static CompressionOptions of(int threshold, int level) {
        if (threshold < 0) {
            throw new IllegalArgumentException("threshold must be >= 0: " + threshold);
        }
        if (level < 1 || level > 9) {
            throw new IllegalArgumentException("level must be in [1, 9]: " + level);
        }
        return new CompressionOptions(threshold, level);
    }

    /** Messages or responses below this many bytes are not compressed (default 1024). */
    public int threshold() {
        return threshold;
    }

    /** Deflate/gzip compression level (default 6). */
    public int level() {
        return level;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CompressionOptions c && c.threshold == threshold && c.level == level;
    }

    @Override
    public int hashCode() {
        return threshold * 31 + level;
    }

    @Override
    public String toString() {
        return "CompressionOptions{threshold=" + threshold + ", level=" + level + '}';
    }
}
