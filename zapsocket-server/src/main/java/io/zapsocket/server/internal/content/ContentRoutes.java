package io.zapsocket.server.internal.content;

import io.zapsocket.server.ServerOptions;
import io.zapsocket.server.StaticContent;
import io.zapsocket.server.internal.transport.HttpServerHost;

/** Installs the content routes a server's options ask for; closing it stops the file-reading threads. */
public final class ContentRoutes implements AutoCloseable {
    private final ContentExecutor executor;

    private ContentRoutes(ContentExecutor executor) {
        this.executor = executor;
    }

    /**
     * Adds to {@code host} the browser-client routes ({@link ServerOptions#serveClient()}, exact paths under
     * {@link ServerOptions#path()}) and one prefix route per {@link ServerOptions#staticContent()} mount.
     */
    public static ContentRoutes install(HttpServerHost host, ServerOptions options) {
        if (!options.serveClient() && options.staticContent().isEmpty()) {
            return new ContentRoutes(null);
        }
        ContentExecutor executor = new ContentExecutor();
        if (options.serveClient()) {
            for (String file : ClientBundleRoute.FILES) {
                host.addRoute(options.path() + file, new ClientBundleRoute(file, executor));
            }
        }
        for (StaticContent mount : options.staticContent()) {
            host.addPrefixRoute(mount.urlPrefix(), new StaticRoute(mount, executor));
        }
        return new ContentRoutes(executor);
    }

    /** The socket.io-client version served by {@code serveClient}, or {@code null} if it is not on the class path. */
    public static String clientVersion() {
        return ClientBundleRoute.version();
    }

    @Override
    public void close() {
        if (executor != null) {
            executor.close();
        }
    }
}
