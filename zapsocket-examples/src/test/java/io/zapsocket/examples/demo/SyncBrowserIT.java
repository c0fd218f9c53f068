package io.zapsocket.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.zapsocket.server.ServerOptions;
import io.zapsocket.server.ServerSocket;
import io.zapsocket.server.SocketServer;
import io.zapsocket.server.StaticContent;
import io.zapsocket.sync.Sync;
import io.zapsocket.sync.SyncOptions;
import io.zapsocket.sync.SyncStores;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code zap-sync.js} (served from the zapsocket-sync jar) with the official client bundle in chromium, against a
 * server with {@link Sync} attached: a stream subscription that ends with every publication exactly once and in
 * order although the server cuts the page's connection several times while publishing; presence of two users (one
 * with two tabs) and typing; an inbox message sent while the page was offline, delivered and acknowledged on
 * reconnection; idempotent emits; a last-writer-wins map.
 */
class SyncBrowserIT {
    private static final int MESSAGES = 400;
    private static final int CUTS = 5;

    private static BrowserDriver browser;
    private static SocketServer server;
    private static Sync sync;
    private static final Map<String, Set<ServerSocket>> socketsOf = new ConcurrentHashMap<>();
    private static final AtomicInteger orderRuns = new AtomicInteger();
    private DemoPages pages;

    @BeforeAll
    static void start() throws Exception {
        browser = DemoPages.startBrowser("SyncBrowserIT");
        server = SocketServer.create(ServerOptions.builder()
                .staticContent(StaticContent.classpath("/sync/", "io/zapsocket/sync/browser"),
                        StaticContent.classpath("/page/", "sync-page"))
                .build());
        server.use((socket, next) -> {
            Object user = socket.handshake().auth().get("user");
            if (user != null) {
                socket.data().put("userId", user.toString());
            }
            next.proceed();
        });
        server.onConnection(socket -> {
            String user = String.valueOf(socket.data().get("userId"));
            socketsOf.computeIfAbsent(user, u -> ConcurrentHashMap.newKeySet()).add(socket);
            socket.closeFuture().whenComplete((r, e) -> socketsOf.get(user).remove(socket));
        });
        sync = Sync.attach(server, SyncStores.inMemory(), SyncOptions.builder()
                .streamRooms(Pattern.compile("feed:.*"))
                .lwwMaps(Pattern.compile("todo:.*"))
                .inbox(true)
                .authorizer((socket, action, room) -> true)
                .build());
        sync.onIdempotent("order", (socket, args, ack) -> ack.send(Map.of("run", orderRuns.incrementAndGet())));
        server.listen("127.0.0.1", 0).join();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (sync != null) {
            sync.close().join();
        }
        if (server != null) {
            server.close().join();
        }
    }

    @AfterEach
    void closePages() throws Exception {
        if (pages != null) {
            pages.closeAll();
        }
    }

    private int port() {
        return server.address().getPort();
    }

    private void cut(String user) {
        for (ServerSocket s : List.copyOf(socketsOf.getOrDefault(user, Set.of()))) {
            s.disconnect(true); // the whole connection: the client reconnects by itself
        }
    }

    /** Waits for {@code expression} in {@code page}; on a timeout, fails with the value of {@code show}. */
    private void waitFor(String page, String expression, String show) {
        try {
            pages.waitFor(page, expression, Duration.ofSeconds(20));
        } catch (AssertionError e) {
            String server;
            try {
                server = String.valueOf(sync.presence("lobby").get(5, TimeUnit.SECONDS)) + " sockets " + socketsOf;
            } catch (Exception x) {
                server = String.valueOf(x);
            }
            throw new AssertionError(page + ": " + pages.js(page, show).asText() + "; server: " + server, e);
        }
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    @Test
    void aPageFollowsAStreamPresenceAnInboxAndAMapAcrossServerSideDisconnections() throws Exception {
        pages = new DemoPages(browser, "SyncBrowserIT");
        Duration wait = Duration.ofSeconds(20);
        pages.openPath("alice", port(), "/page/?user=alice");
        pages.openPath("alice2", port(), "/page/?user=alice");
        pages.openPath("bob", port(), "/page/?user=bob");
        for (String p : List.of("alice", "alice2", "bob")) {
            pages.waitFor(p, "window.sub && window.sub.position.offset >= 0", wait);
        }

        // presence: two users, alice with two tabs, seen the same by every page
        for (String p : List.of("alice", "alice2", "bob")) {
            waitFor(p, "JSON.stringify(window.members) === '[\"alicex2\",\"bobx1\"]'", "JSON.stringify(window.members)");
        }
        // typing: bob types, alice sees it, then the stop
        pages.js("bob", "window.typer.start()");
        pages.waitFor("alice", "JSON.stringify(window.typing) === '[\"bob\"]'", wait);
        pages.js("bob", "window.typer.stop()");
        pages.waitFor("alice", "window.typing.length === 0", wait);

        // the stream: publish while the server cuts alice's connection CUTS times
        int connectsBefore = pages.js("alice", "window.connects").asInt();
        int cuts = 0;
        for (int n = 0; n < MESSAGES; n++) {
            sync.publish("feed:main", Map.of("n", n)).get(10, TimeUnit.SECONDS);
            if (n % (MESSAGES / (CUTS + 1)) == MESSAGES / (CUTS + 1) / 2 && cuts < CUTS) {
                // both tabs of alice back from the last cut, then cut them again; publishing goes on meanwhile
                await().atMost(Duration.ofSeconds(10)).until(() -> socketsOf.get("alice").size() == 2);
                cut("alice");
                cuts++;
            }
            if (n % 10 == 0) {
                Thread.sleep(5); // spread the publications over the cuts and reconnections
            }
        }
        List<String> expected = new ArrayList<>();
        for (int n = 0; n < MESSAGES; n++) {
            expected.add((n + 1) + ":" + n);
        }
        for (String p : List.of("alice", "alice2", "bob")) {
            try {
                pages.waitFor(p, "window.received.length >= " + MESSAGES, wait);
            } catch (AssertionError e) {
                throw new AssertionError(p + ": " + pages.js(p, "JSON.stringify({n: window.received.length,"
                        + " tail: window.received.slice(-3), pos: window.sub.position, connected: window.socket.connected,"
                        + " connects: window.connects, errors: window.errors})").asText(), e);
            }
            assertThat(strings(pages.js(p, "window.received"))).as(p).containsExactlyElementsOf(expected);
            assertThat(pages.js(p, "window.resyncs.length").asInt()).as(p).isZero();
        }
        assertThat(cuts).isEqualTo(CUTS);
        int connects = pages.js("alice", "window.connects").asInt() - connectsBefore;
        assertThat(connects).as("reconnections of the page that was cut").isGreaterThanOrEqualTo(CUTS);
        // after the cuts the presence is back to the same state
        waitFor("bob", "JSON.stringify(window.members) === '[\"alicex2\",\"bobx1\"]'", "JSON.stringify(window.members)");

        // the inbox: bob goes offline, a message is stored, bob comes back, gets it once and acknowledges it
        pages.js("bob", "window.socket.disconnect(), true");
        await().atMost(Duration.ofSeconds(10)).until(() -> socketsOf.getOrDefault("bob", Set.of()).isEmpty());
        sync.sendToUser("bob", Map.of("text", "while you were away")).get(10, TimeUnit.SECONDS);
        assertThat(sync.inbox("bob", 0, 10).get(10, TimeUnit.SECONDS)).hasSize(1);
        pages.js("bob", "window.socket.connect(), true");
        pages.waitFor("bob", "window.inbox.length === 1", wait);
        assertThat(strings(pages.js("bob", "window.inbox"))).containsExactly("1:while you were away");
        await().atMost(Duration.ofSeconds(10)).until(() -> sync.inbox("bob", 0, 10).get(10, TimeUnit.SECONDS).isEmpty());
        // the stream resumed after the explicit reconnection too: nothing new, nothing repeated
        sync.publish("feed:main", Map.of("n", MESSAGES)).get(10, TimeUnit.SECONDS);
        expected.add((MESSAGES + 1) + ":" + MESSAGES);
        pages.waitFor("bob", "window.received.length >= " + (MESSAGES + 1), wait);
        assertThat(strings(pages.js("bob", "window.received"))).containsExactlyElementsOf(expected);

        // idempotent emits: the same key twice runs the handler once, both get its answer
        JsonNode first = pages.js("alice", "window.order('order-1')");
        JsonNode again = pages.js("alice2", "window.order('order-1')");
        assertThat(first.path("run").asInt()).isEqualTo(1);
        assertThat(again).isEqualTo(first);
        assertThat(orderRuns.get()).isEqualTo(1);
        assertThat(pages.js("alice", "window.order('order-2')").path("run").asInt()).isEqualTo(2);

        // the replicated map: a write from a page and one from the server reach every page
        JsonNode set = pages.js("alice", "window.todo.set('milk', {done: false})");
        assertThat(set.path("ok").asBoolean()).as(set.toString()).isTrue();
        sync.mapSet("todo:1", "bread", Map.of("done", true)).get(10, TimeUnit.SECONDS);
        String todos = "'bread={\"done\":true}|milk={\"done\":false}'";
        for (String p : List.of("alice", "alice2", "bob")) {
            waitFor(p, "window.todos.join('|') === " + todos, "JSON.stringify(window.todos)");
        }
        pages.js("bob", "window.todo.delete('milk')");
        waitFor("alice", "window.todos.join('|') === 'bread={\"done\":true}'", "JSON.stringify(window.todos)");

        for (String p : List.of("alice", "alice2", "bob")) {
            System.out.println("SyncBrowserIT " + p + ": presence diffs out of version order on the wire: "
                    + pages.js(p, "window.diffsOutOfOrder").asInt());
            assertThat(pages.js(p, "window.errors.length").asInt()).as(p).isZero();
        }
    }

    @Test
    void theModuleFillsGapsDropsDuplicatesResyncsAndOrdersPresenceDiffsAgainstAScriptedSocket() {
        pages = new DemoPages(browser, "SyncBrowserIT");
        pages.openPath("fake", port(), "/page/fake.html");
        pages.waitFor("fake", "window.ready === true", Duration.ofSeconds(20));

        JsonNode stream = pages.js("fake", "window.streamCase()");
        assertThat(strings(stream.get("got"))).containsExactly("e1:4", "e1:5", "e1:6", "e1:7", "e1:8", "e2:21");
        assertThat(stream.get("resyncs").toString()).isEqualTo("[{\"offset\":20,\"epoch\":\"e2\"}]");
        assertThat(stream.get("requests").toString()).isEqualTo("["
                + "{\"stream\":\"s\",\"after\":4,\"limit\":2,\"epoch\":\"e1\"},"     // the gap fill
                + "{\"stream\":\"s\",\"since\":{\"offset\":8,\"epoch\":\"e1\"}},"    // resume after the reconnect
                + "{\"stream\":\"s\",\"since\":{\"offset\":21,\"epoch\":\"e2\"}}]"); // a stale epoch
        assertThat(stream.get("position").toString()).isEqualTo("{\"offset\":21,\"epoch\":\"e2\"}");

        JsonNode presence = pages.js("fake", "window.presenceCase()");
        assertThat(strings(presence.get("afterAnswer"))).containsExactly("a:r1", "b:r2"); // the diff that overtook it
        assertThat(strings(presence.get("held"))).containsExactly("a:r1", "b:r2");        // v8 waits for v7
        assertThat(strings(presence.get("final"))).containsExactly("a:r3", "b:r2");
    }
}
