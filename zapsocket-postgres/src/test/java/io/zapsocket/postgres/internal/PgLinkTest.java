package io.zapsocket.postgres.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.zapsocket.postgres.PostgresAdapterOptions;
import io.zapsocket.testkit.PostgresProcess;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The LISTEN side of {@link PgLink} on a throw-away PostgreSQL. */
class PgLinkTest {
    private static PostgresProcess pg;

    @BeforeAll
    static void startPostgres() throws IOException {
        pg = PostgresProcess.start();
    }

    @AfterAll
    static void stopPostgres() {
        pg.close();
    }

    @Test
    void aChannelListenedToAgainRightAfterItWasLeftIsReady() throws Exception {
        try (PgLink link = new PgLink(PostgresAdapterOptions.builder(pg.jdbcUrl()).build(), "pglink-test")) {
            link.listen("zap#/", "uid-1", m -> { }).get(10, TimeUnit.SECONDS);
            // within one poll of the listen thread: it has not UNLISTENed yet when the channel is wanted again
            link.unlisten("zap#/", "uid-1");
            CompletableFuture<Void> again = link.listen("zap#/", "uid-2", m -> { });

            again.get(10, TimeUnit.SECONDS);

            assertThat(again).isCompleted();
        }
    }
}
