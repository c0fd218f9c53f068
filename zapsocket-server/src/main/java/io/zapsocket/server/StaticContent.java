package io.zapsocket.server;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Static files served by the server next to the Socket.IO endpoint, e.g. an application's web page:
 *
 * <pre>{@code
 * ServerOptions.builder()
 *         .staticContent(
 *                 StaticContent.classpath("/", "com/example/web"),     // src/main/resources/com/example/web
 *                 StaticContent.directory("/files/", Path.of("uploads")).toBuilder()
 *                         .cacheControl("public, max-age=3600")
 *                         .build())
 *         .build();
 * }</pre>
 *
 * <p>A mount answers {@code GET} and {@code HEAD} for every path under its {@link #urlPrefix()}: the rest of the
 * path, percent-decoded once, names a file under the {@linkplain #classpathRoot() class-path root} or the
 * {@linkplain #directory() directory}; a path ending in {@code /} names its {@link #indexFile()}. Requests that
 * could leave the root are refused: a {@code ..} or {@code .} segment, an empty segment ({@code //}), a
 * backslash, a NUL or a malformed escape are answered {@code 400}; names of hidden files (a segment starting with
 * {@code .}), directories, missing files and files larger than {@link #maxFileSize()} are answered {@code 404}.
 * In a directory, symbolic links that resolve outside it are not followed. Other methods get {@code 405}.
 *
 * <p>Responses carry a strong {@code ETag} (a hash of the content for class-path files; size and modification time
 * for directory files) and {@link #cacheControl()}; a matching {@code If-None-Match} is answered {@code 304}.
 * The content type comes from the file extension ({@code .html}, {@code .js}, {@code .css}, {@code .json},
 * {@code .svg}, {@code .png}, ... ; text types in UTF-8; unknown extensions as {@code application/octet-stream}),
 * with {@code X-Content-Type-Options: nosniff}. Text content is gzip-compressed for clients that accept it.
 * Files are read off the event loops; class-path files, which cannot change, are cached in memory after the first
 * request.
 *
 * <p>Immutable and thread-safe. Build with {@link #classpath} or {@link #directory}, adjust with
 * {@link #toBuilder()}.
 *
 * @since 0.1
 */
public final class StaticContent {
    /** Default {@link #maxFileSize()}: 8 MiB. */
    public static final int DEFAULT_MAX_FILE_SIZE = 8 * 1024 * 1024;
    /** Default {@link #cacheControl()}: cache, but revalidate every time (cheap with the ETag). */
    public static final String DEFAULT_CACHE_CONTROL = "public, max-age=0";

    private final String urlPrefix;
    private final String classpathRoot;
    private final Path directory;
    private final ClassLoader classLoader;
    private final String indexFile;
    private final int maxFileSize;
    private final String cacheControl;

    private StaticContent(Builder b) {
        this.urlPrefix = b.urlPrefix;
        this.classpathRoot = b.classpathRoot;
        this.directory = b.directory;
        this.classLoader = b.classLoader;
        this.indexFile = b.indexFile;
        this.maxFileSize = b.maxFileSize;
        this.cacheControl = b.cacheControl;
    }

    /**
     * Files from the class path under {@code root} (e.g. {@code com/example/web}; leading and trailing {@code /}
     * are ignored; it may not be empty, which would serve every class and resource), looked up with the thread context class loader of the caller (or this class's loader if it
     * has none).
     *
     * @param urlPrefix the request path prefix, e.g. {@code /} or {@code /assets/}; a leading and a trailing
     *                  {@code /} are added if missing
     */
    public static StaticContent classpath(String urlPrefix, String root) {
        Objects.requireNonNull(root, "root");
        String r = root;
        while (r.startsWith("/")) {
            r = r.substring(1);
        }
        while (r.endsWith("/")) {
            r = r.substring(0, r.length() - 1);
        }
        if (r.isEmpty()) {
            throw new IllegalArgumentException("root must name a folder: the whole class path would be served");
        }
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        Builder b = new Builder(urlPrefix);
        b.classpathRoot = r;
        b.classLoader = cl != null ? cl : StaticContent.class.getClassLoader();
        return b.build();
    }

    /**
     * Files from a directory of the file system, read at each request (so edits show up at once).
     *
     * @param urlPrefix as for {@link #classpath}
     * @param dir       the root; made absolute and normalised here, need not exist yet
     */
    public static StaticContent directory(String urlPrefix, Path dir) {
        Objects.requireNonNull(dir, "dir");
        Builder b = new Builder(urlPrefix);
        b.directory = dir.toAbsolutePath().normalize();
        return b.build();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** The request path prefix, starting and ending with {@code /}. */
    public String urlPrefix() {
        return urlPrefix;
    }

    /** The class-path root (no leading or trailing {@code /}), or {@code null} for a directory mount. */
    public String classpathRoot() {
        return classpathRoot;
    }

    /** The class loader of a class-path mount, or {@code null} for a directory mount. */
    public ClassLoader classLoader() {
        return classLoader;
    }

    /** The absolute, normalised directory of a directory mount, or {@code null} for a class-path mount. */
    public Path directory() {
        return directory;
    }

    /** The file served for a path ending in {@code /} (default {@code index.html}); {@code null}: none (404). */
    public String indexFile() {
        return indexFile;
    }

    /** Files larger than this many bytes are not served (404); default {@link #DEFAULT_MAX_FILE_SIZE}. */
    public int maxFileSize() {
        return maxFileSize;
    }

    /** The {@code Cache-Control} header of every answer; default {@link #DEFAULT_CACHE_CONTROL}. */
    public String cacheControl() {
        return cacheControl;
    }

    @Override
    public String toString() {
        return "StaticContent{" + urlPrefix + " -> "
                + (classpathRoot != null ? "classpath:" + classpathRoot : directory.toString()) + '}';
    }

    /** Builder for {@link StaticContent}; not thread-safe. */
    public static final class Builder {
        private final String urlPrefix;
        private String classpathRoot;
        private Path directory;
        private ClassLoader classLoader;
        private String indexFile = "index.html";
        private int maxFileSize = DEFAULT_MAX_FILE_SIZE;
        private String cacheControl = DEFAULT_CACHE_CONTROL;

        private Builder(String urlPrefix) {
            Objects.requireNonNull(urlPrefix, "urlPrefix");
            String p = urlPrefix.startsWith("/") ? urlPrefix : "/" + urlPrefix;
            this.urlPrefix = p.endsWith("/") ? p : p + "/";
        }

        private Builder(StaticContent c) {
            this.urlPrefix = c.urlPrefix;
            this.classpathRoot = c.classpathRoot;
            this.directory = c.directory;
            this.classLoader = c.classLoader;
            this.indexFile = c.indexFile;
            this.maxFileSize = c.maxFileSize;
            this.cacheControl = c.cacheControl;
        }

        /** The class loader of a class-path mount. */
        public Builder classLoader(ClassLoader classLoader) {
            if (classpathRoot == null) {
                throw new IllegalStateException("not a class-path mount");
            }
            this.classLoader = Objects.requireNonNull(classLoader, "classLoader");
            return this;
        }

        /** A plain file name (no {@code /}), or {@code null} to answer 404 for directory paths. */
        public Builder indexFile(String indexFile) {
            if (indexFile != null && (indexFile.isEmpty() || indexFile.contains("/") || indexFile.startsWith("."))) {
                throw new IllegalArgumentException("indexFile must be a plain file name: " + indexFile);
            }
            this.indexFile = indexFile;
            return this;
        }

        /** Between 1 byte and 1 GiB. */
        public Builder maxFileSize(int bytes) {
            if (bytes < 1 || bytes > 1 << 30) {
                throw new IllegalArgumentException("maxFileSize must be in [1, 2^30]: " + bytes);
            }
            this.maxFileSize = bytes;
            return this;
        }

        public Builder cacheControl(String cacheControl) {
            Objects.requireNonNull(cacheControl, "cacheControl");
            if (cacheControl.indexOf('\r') >= 0 || cacheControl.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("cacheControl must be one header line");
            }
            this.cacheControl = cacheControl;
            return this;
        }

        public StaticContent build() {
            return new StaticContent(this);
        }
    }
}
