package io.zapsocket.server.internal.content;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.zapsocket.server.StaticContent;
import io.zapsocket.server.internal.transport.HttpExchange;
import io.zapsocket.server.internal.transport.HttpRoute;
import java.util.List;

/** One {@link StaticContent} mount, as a prefix route. */
final class StaticRoute implements HttpRoute {
    private final StaticContent mount;
    private final FileSource source;
    private final ContentExecutor executor;

    StaticRoute(StaticContent mount, ContentExecutor executor) {
        this.mount = mount;
        this.source = mount.classpathRoot() != null ? new ClasspathFiles(mount) : new DirectoryFiles(mount);
        this.executor = executor;
    }

    @Override
    public void handle(HttpExchange ex) {
        if (!Answers.readMethod(ex)) {
            return;
        }
        String path = ex.path();
        String prefix = mount.urlPrefix();
        if (!path.startsWith(prefix)) {
            // the prefix without its trailing slash: relative links of the index need the slash
            String query = ex.uri().substring(path.length());
            ex.respond(HttpResponseStatus.MOVED_PERMANENTLY, null, null,
                    new DefaultHttpHeaders().set(HttpHeaderNames.LOCATION, prefix + query), false);
            return;
        }
        List<String> segments;
        try {
            segments = RequestPath.segments(path, prefix, mount.indexFile());
        } catch (RequestPath.RefusedException e) {
            Answers.error(ex, e.refusal == RequestPath.Refusal.BAD_REQUEST
                    ? HttpResponseStatus.BAD_REQUEST : HttpResponseStatus.NOT_FOUND);
            return;
        }
        source.serve(ex, segments, executor);
    }
}
