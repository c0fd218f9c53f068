package io.zapsocket.server.internal.content;

import io.zapsocket.server.internal.transport.HttpExchange;
import java.util.List;

/** Where a mount's files come from. */
interface FileSource {

    /**
     * Answers {@code ex} with the file named by {@code segments} (already checked by {@link RequestPath}), or
     * 404. Called on the event loop; reads on {@code executor}.
     */
    void serve(HttpExchange ex, List<String> segments, ContentExecutor executor);
}
