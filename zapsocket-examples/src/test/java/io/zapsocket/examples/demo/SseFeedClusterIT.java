package io.zapsocket.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.zapsocket.testkit.RedisProcess;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The demo's chat feed ({@code /feed.html}: the browser's native {@code EventSource}, Server-Sent Events) in
 * Chromium, on the clustered demo (two nodes, Redis Streams adapter, connection state recovery) behind a load
 * balancer the test controls ({@link KillProxy}). While another node posts chat messages, the test cuts the feed's
 * connection ten times and once stops and restarts the node the feed is on; the browser reconnects by itself with
 * {@code Last-Event-ID}, and the page must show every message exactly once, in order, without a resync.
 */
class SseFeedClusterIT {
    private static RedisProcess redis;
    private static BrowserDriver browser;

    private DemoPages pages;
    private DemoServer nodeA;
    private DemoServer nodeB;
    private KillProxy proxy;

    @BeforeAll
    static void start() throws Exception {
        browser = DemoPages.startBrowser("SseFeedClusterIT");
        redis = RedisProcess.start();
    }

    @AfterAll
    static void stop() {
        try {
            if (browser != null) {
                browser.close();
            }
        } finally {
            if (redis != null) {
                redis.close();
            }
        }
    }

    @AfterEach
    void stopNodes() throws Exception {
        try {
            if (pages != null) {
                pages.closeAll();
            }
        } finally {
            if (proxy != null) {
                proxy.close();
            }
            for (DemoServer node : new DemoServer[] {nodeB, nodeA}) {
                if (node != null) {
                    node.close();
                }
            }
        }
    }

    private static InetSocketAddress at(DemoServer node) {
        return new InetSocketAddress("127.0.0.1", node.address().getPort());
    }

    private int opens() {
        return pages.js("feed", "window.feed.opens").asInt();
    }

    private void waitReopened(int before) {
        pages.waitFor("feed", "window.feed.opens > " + before
                + " && document.querySelector('#banner').dataset.state === 'connected'", Duration.ofSeconds(15));
    }

    @Test
    void theFeedShowsEveryMessageOnceInOrderThroughTenCutsAndARestartOfItsNode() throws Exception {
        pages = new DemoPages(browser, "sseFeed");
        nodeA = DemoServer.startClustered("127.0.0.1", 0, redis.uri());
        nodeB = DemoServer.startClustered("127.0.0.1", 0, redis.uri());
        proxy = new KillProxy(List.of(at(nodeA), at(nodeB))); // the feed lands on A while A is up
        pages.openPath("feed", proxy.port(), "/feed.html");
        pages.waitFor("feed", "document.querySelector('#banner').dataset.state === 'connected'",
                Duration.ofSeconds(10));

        AtomicBoolean posting = new AtomicBoolean(true);
        AtomicInteger sent = new AtomicInteger();
        DemoServer poster = nodeB; // another node posts: every message crosses Redis to reach node A's feed
        Thread post = new Thread(() -> {
            while (posting.get()) {
                int i = sent.incrementAndGet();
                poster.socketServer().to(ChatRoom.ROOM).emit("chat:message",
                        Map.of("id", "m" + i, "name", "Bob", "text", "message " + i));
                try {
                    Thread.sleep(25);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "poster");
        post.start();
        try {
            int cuts = 0;
            for (int round = 0; round < 11; round++) {
                Thread.sleep(600);
                int before = opens();
                if (round == 5) {
                    // the feed's node stops: the browser reconnects through the balancer to B, which replays from
                    // Redis; A comes back (on a new port) and the next cuts bring the feed back to it
                    nodeA.close();
                    waitReopened(before);
                    nodeA = DemoServer.startClustered("127.0.0.1", 0, redis.uri());
                    proxy.upstreams(List.of(at(nodeA), at(nodeB)));
                } else {
                    assertThat(proxy.killAll()).as("connections cut in round %d", round).isPositive();
                    cuts++;
                    waitReopened(before);
                }
            }
            assertThat(cuts).isEqualTo(10);
            Thread.sleep(600);
        } finally {
            posting.set(false);
            post.join(5000);
        }
        int total = sent.get();
        pages.waitFor("feed", "document.querySelectorAll('#feed-log li').length >= " + total,
                Duration.ofSeconds(20));
        Thread.sleep(500); // a duplicate would arrive now
        List<String> expected = new ArrayList<>();
        for (int i = 1; i <= total; i++) {
            expected.add("message " + i);
        }
        JsonNode shown = pages.js("feed", "[...document.querySelectorAll('#feed-log li .text')].map(e => e.textContent)");
        List<String> texts = new ArrayList<>();
        shown.forEach(n -> texts.add(n.asText()));
        assertThat(texts).as("every message once, in order").containsExactlyElementsOf(expected);
        assertThat(pages.js("feed", "window.feed.resyncs").asInt()).as("resyncs").isZero();
        assertThat(opens()).isGreaterThanOrEqualTo(12);
        assertThat(total).isGreaterThan(100);
    }
}
