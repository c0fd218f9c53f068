package io.zapsocket.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.zapsocket.server.SocketServer;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Keeps the README's "Sync" snippet compiling (with the in-memory store instead of Redis). */
class ReadmeExampleTest {
    @Test
    void theReadmeSnippetCompilesAndRuns() throws Exception {
        SocketServer server = SocketServer.create();
        // -- from README.md (SyncStores.redis(...) -> SyncStores.inMemory()) --
        SyncOptions options = SyncOptions.builder().streamRooms(Pattern.compile("chat:.*")).build();
        Sync sync = Sync.attach(server, SyncStores.inMemory(), options);
        sync.publish("chat:lobby", Map.of("text", "hello"));
        // --
        assertThat(sync.history("chat:lobby", 0, 10, null).get(5, TimeUnit.SECONDS).publications())
                .extracting(Publication::data).containsExactly(Map.of("text", "hello"));
        sync.close().get(5, TimeUnit.SECONDS);
        server.close().get(5, TimeUnit.SECONDS);
    }
}
