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
 * Chromium, on the clustered demo (two nodes, Redis Streams adapter, connection state recovery) behind a real nginx
 * ({@link DemoNginx}: round robin, the README's SSE location with {@code proxy_buffering off}). Between nginx and
 * each node sits a {@link KillProxy}, so the test can cut the feed's connections as a network fault would. While a
 * third node (not behind nginx) posts chat messages, the test cuts the feed's connection ten times and once stops
 * and restarts the node the feed is on; the browser reconnects by itself through nginx with {@code Last-Event-ID}
 * (round robin: often to the other node, which replays from Redis), and the page must show every message exactly
 * once, in order, without a resync.
 */
class SseFeedClusterIT {
    private static RedisProcess redis;
    private static BrowserDriver browser;

    private DemoPages pages;
    private final DemoServer[] nodes = new DemoServer[2];
    private final KillProxy[] proxies = new KillProxy[2];
    private DemoServer poster;
    private DemoNginx nginx;
    private int restartedNode = -1;

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
            if (nginx != null) {
                nginx.close();
            }
            for (KillProxy proxy : proxies) {
                if (proxy != null) {
                    proxy.close();
                }
            }
            for (DemoServer node : new DemoServer[] {poster, nodes[1], nodes[0]}) {
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

    private int cutAll() {
        return proxies[0].killAll() + proxies[1].killAll();
    }

    /** The node whose proxy holds the feed's stream now (waits for it: the feed may be reconnecting). */
    private int feedNode() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            for (int i = 0; i < 2; i++) {
                if (proxies[i].connections() > 0 && proxies[1 - i].connections() == 0) {
                    return i;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the feed is on no node, or on both: " + proxies[0].connections() + " / "
                + proxies[1].connections());
    }

    @Test
    void theFeedShowsEveryMessageOnceInOrderThroughTenCutsAndARestartOfItsNode() throws Exception {
        pages = new DemoPages(browser, "sseFeed");
        for (int i = 0; i < 2; i++) {
            nodes[i] = DemoServer.startClustered("127.0.0.1", 0, redis.uri());
            proxies[i] = new KillProxy(List.of(at(nodes[i])));
        }
        poster = DemoServer.startClustered("127.0.0.1", 0, redis.uri());
        nginx = DemoNginx.start(List.of(proxies[0].port(), proxies[1].port()));
        pages.openPath("feed", nginx.port(), "/feed.html");
        pages.waitFor("feed", "document.querySelector('#banner').dataset.state === 'connected'",
                Duration.ofSeconds(10));

        AtomicBoolean posting = new AtomicBoolean(true);
        AtomicInteger sent = new AtomicInteger();
        DemoServer poster = this.poster; // a node not behind nginx posts: every message crosses Redis to the feed
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
            int restarted = -1;
            for (int round = 0; round < 11; round++) {
                Thread.sleep(600);
                int before = opens();
                if (round == 5) {
                    // the feed's node stops: the browser reconnects through nginx, which finds that node's proxy
                    // refusing (no upstream) and passes the request to the other node, which replays from Redis;
                    // the node comes back (on a new port, behind the same proxy) and takes requests again
                    restarted = feedNode();
                    nodes[restarted].close();
                    waitReopened(before);
                    nodes[restarted] = DemoServer.startClustered("127.0.0.1", 0, redis.uri());
                    proxies[restarted].upstreams(List.of(at(nodes[restarted])));
                } else {
                    assertThat(cutAll()).as("connections cut in round %d", round).isPositive();
                    cuts++;
                    waitReopened(before);
                }
            }
            assertThat(cuts).isEqualTo(10);
            assertThat(restarted).isBetween(0, 1);
            restartedNode = restarted;
            Thread.sleep(600);
        } finally {
            posting.set(false);
            post.join(5000);
        }
        int total = sent.get();
        int restartedNode = this.restartedNode;
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
        assertThat(texts).as("every message once, in order (nginx: %s)", nginx.errorLog())
                .containsExactlyElementsOf(expected);
        assertThat(pages.js("feed", "window.feed.resyncs").asInt()).as("resyncs").isZero();
        assertThat(opens()).isGreaterThanOrEqualTo(12);
        System.out.printf("SseFeedClusterIT: %d messages shown once in order; %d EventSource opens; connections "
                + "relayed to node 0 / node 1: %d / %d; node %d restarted%n", total, opens(), proxies[0].relayed(),
                proxies[1].relayed(), restartedNode);
        assertThat(total).isGreaterThan(100);
    }
}
