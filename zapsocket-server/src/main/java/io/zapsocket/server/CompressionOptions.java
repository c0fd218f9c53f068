package io.zapsocket.server;

/**
 * Compression settings shared by WebSocket permessage-deflate ({@code perMessageDeflate}) and HTTP compression of
 * polling responses ({@code httpCompression}): messages (WebSocket) or responses (polling) smaller than
 * {@link #threshold()} bytes are sent uncompressed, as are packets emitted with {@code compress(false)}.
 *
 * <p>permessage-deflate only: {@link #serverNoContextTakeover()} (default {@code true}) has the server answer every
 * offer with {@code server_no_context_takeover} (RFC 7692 lets a server always ask for it), so each message is
 * compressed on its own. Connections then keep no compression state between messages (zlib's deflate state, about
 * 256 KiB at the default window and memory level, is kept once per event loop thread instead of once per
 * connection), and a broadcast is compressed <em>once</em>: every such recipient is written the same compressed
 * frame. With
 * {@code false} the server keeps a compression context per connection (unless the client asks for
 * {@code server_no_context_takeover} itself), as Node's {@code ws} does: repetitive messages to one socket compress
 * better, at the price of that memory per connection and one compression per recipient of a broadcast.
 *
 * <p>Immutable.
 *
 * @since 0.1
 */
public final class CompressionOptions {
    /** Threshold 1024 bytes (as Node), level 6 (zlib's default), server_no_context_takeover requested. */
    public static final CompressionOptions DEFAULT = new CompressionOptions(1024, 6, true);

    private final int threshold;
    private final int level;
    private final boolean serverNoContextTakeover;

    private CompressionOptions(int threshold, int level, boolean serverNoContextTakeover) {
        this.threshold = threshold;
        this.level = level;
        this.serverNoContextTakeover = serverNoContextTakeover;
    }

    /**
     * Options with this threshold and level; permessage-deflate asks for {@code server_no_context_takeover} (see
     * {@link #withServerNoContextTakeover(boolean)}).
     *
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
        return new CompressionOptions(threshold, level, true);
    }

    /**
     * These options with {@link #serverNoContextTakeover()} set as given (WebSocket permessage-deflate only; HTTP
     * compression ignores it).
     *
     * @param serverNoContextTakeover {@code true} (default): the server answers with
     *                                {@code server_no_context_takeover}, keeps no compression context per connection
     *                                and compresses a broadcast once for all its recipients; {@code false}: a
     *                                compression context per connection, kept across messages (as Node's
     *                                {@code ws}), unless the client asks otherwise
     * @since 0.1
     */
    public CompressionOptions withServerNoContextTakeover(boolean serverNoContextTakeover) {
        return new CompressionOptions(threshold, level, serverNoContextTakeover);
    }

    /** Messages or responses below this many bytes are not compressed (default 1024). */
    public int threshold() {
        return threshold;
    }

    /** Deflate/gzip compression level (default 6). */
    public int level() {
        return level;
    }

    /**
     * Whether the server answers a permessage-deflate offer with {@code server_no_context_takeover}, compressing each
     * message on its own, and a broadcast once for all recipients (default {@code true}). A client that offered
     * {@code client_no_context_takeover} then also gets it accepted (the server keeps no inflate window for it).
     *
     * @since 0.1
     */
    public boolean serverNoContextTakeover() {
        return serverNoContextTakeover;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CompressionOptions c && c.threshold == threshold && c.level == level
                && c.serverNoContextTakeover == serverNoContextTakeover;
    }

    @Override
    public int hashCode() {
        return (threshold * 31 + level) * 2 + (serverNoContextTakeover ? 1 : 0);
    }

    @Override
    public String toString() {
        return "CompressionOptions{threshold=" + threshold + ", level=" + level + ", serverNoContextTakeover="
                + serverNoContextTakeover + '}';
    }
}
