package io.zapsocket.server.internal.content;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.zapsocket.server.StaticContent;
import io.zapsocket.server.internal.transport.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Files from the class path. Found files are cached (they cannot change) up to {@value #MAX_CACHED_BYTES} bytes
 * per mount; misses are not cached, so random names cost a lookup each but no memory.
 */
final class ClasspathFiles implements FileSource {
    static final long MAX_CACHED_BYTES = 32L * 1024 * 1024;

    private final StaticContent mount;
    private final ConcurrentHashMap<String, Entity> cache = new ConcurrentHashMap<>();
    private final AtomicLong cachedBytes = new AtomicLong();

    ClasspathFiles(StaticContent mount) {
        this.mount = mount;
    }

    @Override
    public void serve(HttpExchange ex, List<String> segments, ContentExecutor executor) {
        String name = mount.classpathRoot() + "/" + String.join("/", segments);
        Entity cached = cache.get(name);
        if (cached != null) {
            Answers.entity(ex, cached, mount.cacheControl());
            return;
        }
        executor.run(ex, () -> {
            Entity e = load(name, segments.get(segments.size() - 1));
            if (e == null) {
                Answers.error(ex, HttpResponseStatus.NOT_FOUND);
                return;
            }
            if (cachedBytes.addAndGet(e.weight()) <= MAX_CACHED_BYTES) {
                if (cache.putIfAbsent(name, e) != null) {
                    cachedBytes.addAndGet(-e.weight());
                }
            } else {
                cachedBytes.addAndGet(-e.weight());
            }
            Answers.entity(ex, e, mount.cacheControl());
        });
    }

    /** The file, or {@code null} if it is missing, a directory or too large. */
    private Entity load(String name, String fileName) {
        URL url = mount.classLoader().getResource(name);
        if (url == null) {
            return null;
        }
        try {
            if ("file".equals(url.getProtocol())) {
                Path p = Path.of(url.toURI());
                if (!Files.isRegularFile(p)) {
                    return null;
                }
            }
            URLConnection conn = url.openConnection();
            conn.setUseCaches(false); // do not keep the jar file open behind the class loader's back
            if (conn instanceof JarURLConnection jar && (jar.getJarEntry() == null || jar.getJarEntry().isDirectory())) {
                return null;
            }
            try (InputStream in = conn.getInputStream()) {
                byte[] body = in.readNBytes(mount.maxFileSize() + 1);
                if (body.length > mount.maxFileSize()) {
                    return null;
                }
                return Entity.hashed(body, ContentTypes.forFileName(fileName));
            }
        } catch (IOException | URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }
}
