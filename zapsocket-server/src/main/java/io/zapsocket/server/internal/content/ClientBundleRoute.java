package io.zapsocket.server.internal.content;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.zapsocket.server.internal.transport.HttpExchange;
import io.zapsocket.server.internal.transport.HttpRoute;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The official browser client, as Node's {@code serveClient} serves it: {@code {path}socket.io.js} and the other
 * files of socket.io-client's {@code dist/}, with {@code ETag: "<client version>"} ({@code If-None-Match} → 304),
 * {@code Cache-Control: public, max-age=0}, {@code application/javascript} (maps: {@code application/json}) in
 * UTF-8, gzip when accepted.
 *
 * <p>The files are resources of this module ({@value #RESOURCE_DIR}), extracted at build time from the pinned
 * socket.io-client npm package; they are loaded on first request and kept for the life of the process (they are
 * the same for every server).
 */
final class ClientBundleRoute implements HttpRoute {
    static final String RESOURCE_DIR = "io/zapsocket/server/client-dist/";
    /** The files of socket.io-client's {@code dist/} that Node's server serves. */
    static final List<String> FILES = List.of(
            "socket.io.js", "socket.io.js.map",
            "socket.io.min.js", "socket.io.min.js.map",
            "socket.io.esm.min.js", "socket.io.esm.min.js.map",
            "socket.io.msgpack.min.js", "socket.io.msgpack.min.js.map");
    private static final String CACHE_CONTROL = "public, max-age=0";

    private static final Logger log = LoggerFactory.getLogger(ClientBundleRoute.class);
    private static final ConcurrentHashMap<String, Entity> LOADED = new ConcurrentHashMap<>();
    private static final AtomicBoolean WARNED = new AtomicBoolean();
    private static volatile String version;

    private final String file;
    private final ContentExecutor executor;

    ClientBundleRoute(String file, ContentExecutor executor) {
        this.file = file;
        this.executor = executor;
    }

    @Override
    public void handle(HttpExchange ex) {
        if (!Answers.readMethod(ex)) {
            return;
        }
        Entity e = LOADED.get(file);
        if (e != null) {
            Answers.entity(ex, e, CACHE_CONTROL);
            return;
        }
        executor.run(ex, () -> {
            Entity loaded = load(file);
            if (loaded == null) {
                if (WARNED.compareAndSet(false, true)) {
                    log.warn("serveClient: {}{} is not on the class path; the browser client is not served",
                            RESOURCE_DIR, file);
                }
                Answers.error(ex, HttpResponseStatus.NOT_FOUND);
                return;
            }
            Answers.entity(ex, loaded, CACHE_CONTROL);
        });
    }

    /** The socket.io-client version that is served, or {@code null} if the bundle is missing. */
    static String version() {
        String v = version;
        if (v == null) {
            byte[] b = read("VERSION");
            if (b == null) {
                return null;
            }
            v = new String(b, StandardCharsets.UTF_8).trim();
            version = v;
        }
        return v;
    }

    private static Entity load(String file) {
        Entity e = LOADED.get(file);
        if (e != null) {
            return e;
        }
        String v = version();
        byte[] body = v == null ? null : read(file);
        if (body == null) {
            return null;
        }
        String type = file.endsWith(".map") ? "application/json; charset=utf-8"
                : "application/javascript; charset=utf-8";
        e = Entity.of(body, type, '"' + v + '"');
        Entity prev = LOADED.putIfAbsent(file, e);
        return prev != null ? prev : e;
    }

    private static byte[] read(String name) {
        try (InputStream in = ClientBundleRoute.class.getClassLoader().getResourceAsStream(RESOURCE_DIR + name)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            log.warn("cannot read {}{}", RESOURCE_DIR, name, e);
            return null;
        }
    }
}
