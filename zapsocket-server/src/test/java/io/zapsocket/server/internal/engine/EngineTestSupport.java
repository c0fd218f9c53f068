package io.zapsocket.server.internal.engine;

import io.zapsocket.server.testing.RawHttp;
import io.zapsocket.server.testing.TestServer;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Shared steps of the end-to-end engine tests. */
final class EngineTestSupport {
    private static final Pattern SID = Pattern.compile("\"sid\":\"([^\"]+)\"");

    private EngineTestSupport() {
    }

    static String path(String query) {
        return "/engine.io/?" + query;
    }

    static String poll(String sid) {
        return path("EIO=4&transport=polling&sid=" + sid);
    }

    /** Opens a polling session and returns its sid. */
    static String handshake(TestServer server) throws Exception {
        RawHttp.Response r = RawHttp.get(server.port, path("EIO=4&transport=polling"));
        assertThat(r.status()).isEqualTo(200);
        return sid(r.text());
    }

    static String sid(String openPacket) {
        Matcher m = SID.matcher(openPacket);
        assertThat(m.find()).as("sid in %s", openPacket).isTrue();
        return m.group(1);
    }

    static DefaultEngineSession session(TestServer server, String sid) {
        EngineSession s = server.engine.session(sid);
        assertThat(s).as("session %s", sid).isNotNull();
        return (DefaultEngineSession) s;
    }

    /** Waits until the session holds a pending long-poll (asked on its loop). */
    static void awaitPendingPoll(TestServer server, String sid) {
        DefaultEngineSession s = session(server, sid);
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(2)).until(() ->
                CompletableFuture.supplyAsync(s::hasPendingPoll, s.eventLoop()).get(1, TimeUnit.SECONDS));
    }

    static void awaitUpgrading(TestServer server, String sid, boolean upgrading) {
        DefaultEngineSession s = session(server, sid);
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(2)).until(() ->
                CompletableFuture.supplyAsync(s::isUpgrading, s.eventLoop()).get(1, TimeUnit.SECONDS)
                        == upgrading);
    }

    static void awaitClosed(TestServer server, String sid) {
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(2))
                .until(() -> server.engine.session(sid) == null);
    }
}
