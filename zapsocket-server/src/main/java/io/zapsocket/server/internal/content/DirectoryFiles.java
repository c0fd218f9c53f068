package io.zapsocket.server.internal.content;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.zapsocket.server.StaticContent;
import io.zapsocket.server.internal.transport.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;

/**
 * Files from a directory, read at each request. The entity tag is made of the size and the modification time,
 * so a revalidation ({@code If-None-Match}) costs one {@code stat} and no read. A name whose real path (symbolic
 * links resolved) is not inside the directory's real path is not served.
 */
final class DirectoryFiles implements FileSource {
    private final StaticContent mount;

    DirectoryFiles(StaticContent mount) {
        this.mount = mount;
    }

    @Override
    public void serve(HttpExchange ex, List<String> segments, ContentExecutor executor) {
        executor.run(ex, () -> {
            try {
                serveFile(ex, segments);
            } catch (IOException e) {
                Answers.error(ex, HttpResponseStatus.NOT_FOUND);
            }
        });
    }

    private void serveFile(HttpExchange ex, List<String> segments) throws IOException {
        Path root = mount.directory().toRealPath();
        Path file = root;
        for (String s : segments) {
            file = file.resolve(s);
        }
        Path real = file.toRealPath();
        if (!real.startsWith(root)) {
            Answers.error(ex, HttpResponseStatus.NOT_FOUND);
            return;
        }
        BasicFileAttributes attrs = Files.readAttributes(real, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!attrs.isRegularFile() || attrs.size() > mount.maxFileSize()) {
            Answers.error(ex, HttpResponseStatus.NOT_FOUND);
            return;
        }
        String etag = '"' + Long.toHexString(attrs.size()) + '-' + Long.toHexString(attrs.lastModifiedTime().toMillis())
                + '"';
        if (Answers.notModified(ex, etag)) {
            Answers.notModified(ex, etag, mount.cacheControl());
            return;
        }
        byte[] body;
        try (InputStream in = Files.newInputStream(real)) {
            body = in.readNBytes(mount.maxFileSize() + 1);
        }
        if (body.length > mount.maxFileSize()) { // grew since the stat
            Answers.error(ex, HttpResponseStatus.NOT_FOUND);
            return;
        }
        Entity e = Entity.of(body, ContentTypes.forFileName(segments.get(segments.size() - 1)), etag);
        Answers.entity(ex, e, mount.cacheControl());
    }
}
