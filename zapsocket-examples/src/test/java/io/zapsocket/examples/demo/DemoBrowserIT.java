package io.zapsocket.examples.demo;

import io.zapsocket.protocol.Transport;
import io.zapsocket.sync.SyncStores;
import io.zapsocket.sync.store.SyncStore;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import static io.zapsocket.examples.demo.DemoPages.hasChat;
import static io.zapsocket.examples.demo.DemoPages.hasTodo;
import static io.zapsocket.examples.demo.DemoPages.todoSelector;
import static io.zapsocket.examples.demo.DemoPages.typingIs;
import static io.zapsocket.examples.demo.DemoPages.usersAre;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

/**
 * The demo in a real browser: Debian's chromium, headless, driven by playwright-core ({@link BrowserDriver},
 * {@link DemoPages}), against {@link DemoServer} started in this JVM on an ephemeral port. Each page has its own
 * browser context, as two people would. Screenshots and console logs of every page go to
 * {@code target/e2e-artifacts/}. The clustered mode has its own test, {@link DemoClusterIT}.
 *
 * <p>Skipped when chromium is missing on a developer's machine; failed when it is missing in CI ({@code CI} set),
 * since {@code .ci/run} installs it.
 */
class DemoBrowserIT {
    private static final Duration RECONNECT = Duration.ofSeconds(20);

    private static BrowserDriver browser;

    /** The sync module's store: the todo map lives there (kept when a test restarts the server on it). */
    private SyncStore store;
    private DemoServer server;
    private int port;
    private DemoPages pages;

    @BeforeAll
    static void startBrowser() throws Exception {
        browser = DemoPages.startBrowser("DemoBrowserIT");
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @BeforeEach
    void startServer(TestInfo info) {
        pages = new DemoPages(browser, info.getTestMethod().map(m -> m.getName()).orElse("test"));
        store = SyncStores.inMemory();
        server = DemoServer.start("127.0.0.1", 0, store, b -> b);
        port = server.address().getPort();
    }

    @AfterEach
    void stopServer() throws Exception {
        try {
            pages.closeAll();
        } finally {
            if (server != null) {
                server.close();
            }
        }
    }

    private void open(String page, String query) {
        pages.open(page, port, query);
    }

    private List<Todo> stored() {
        return server.todos().list().toCompletableFuture().join();
    }

    // ---------------------------------------------------------------- scenarios

    @Test
    void twoPagesSeeEachOthersTodoChangesWithinOneSecond() {
        open("alice", "name=Alice");
        open("bob", "name=Bob");
        pages.waitConnected("alice");
        pages.waitConnected("bob");

        pages.addTodo("alice", "Buy milk");
        long seen = pages.waitFor("bob", hasTodo("Buy milk", false), Duration.ofSeconds(1));
        assertThat(seen).isLessThanOrEqualTo(1000);

        pages.click("bob", todoSelector("Buy milk") + " .toggle");
        pages.waitFor("alice", hasTodo("Buy milk", true), Duration.ofSeconds(1));

        pages.addTodo("bob", "Call the plumber");
        pages.waitFor("alice", hasTodo("Call the plumber", false), Duration.ofSeconds(1));
        pages.click("alice", todoSelector("Call the plumber") + " .delete");
        pages.waitFor("bob", "!" + hasTodo("Call the plumber", false) + " && !" + hasTodo("Call the plumber", true),
                Duration.ofSeconds(1));

        assertThat(stored()).extracting(Todo::text, Todo::completed, Todo::version)
                .containsExactly(tuple("Buy milk", true, 2L));
        assertThat(pages.texts("alice")).containsExactly("Buy milk");
        assertThat(pages.texts("bob")).containsExactly("Buy milk");
    }

    @Test
    void presenceShowsBothUsersAndDropsOneWhenItsPageCloses() {
        open("alice", "name=Alice");
        open("bob", "name=Bob");
        pages.waitFor("alice", usersAre("Alice", "Bob"), Duration.ofSeconds(5));
        pages.waitFor("bob", usersAre("Alice", "Bob"), Duration.ofSeconds(5));

        pages.waitUpgraded("bob");
        pages.close("bob");
        pages.waitFor("alice", usersAre("Alice"), Duration.ofSeconds(5));
    }

    @Test
    void typingIndicatorAppearsForTheOthersAndChatMessagesArrive() {
        open("alice", "name=Alice");
        open("bob", "name=Bob");
        pages.waitConnected("alice");
        pages.waitConnected("bob");

        pages.act("type", "bob", "#chat-input", "text", "hello ali");
        pages.waitFor("alice", typingIs("Bob is typing…"), Duration.ofSeconds(2));
        assertThat(pages.js("bob", "document.querySelector('#typing').textContent").asText()).isEmpty();

        pages.act("press", "bob", "#chat-input", "key", "Enter");
        pages.waitFor("alice", hasChat("Bob", "hello ali"), Duration.ofSeconds(2));
        pages.waitFor("alice", typingIs(""), Duration.ofSeconds(3));
    }

    @Test
    void serverStopShowsReconnectingAndOfflineEditsAreAppliedWhenItIsBack() {
        open("alice", "name=Alice");
        open("bob", "name=Bob");
        pages.waitConnected("alice");
        pages.waitConnected("bob");
        pages.addTodo("alice", "Water the plants");
        pages.waitFor("bob", hasTodo("Water the plants", false), Duration.ofSeconds(2));

        server.close();
        pages.waitFor("alice", "document.querySelector('#banner').dataset.state === 'reconnecting'"
                + " && /attempt \\d+/.test(document.querySelector('#banner-text').textContent)", RECONNECT);
        pages.screenshot("alice", "reconnecting");

        pages.addTodo("alice", "Written offline");
        pages.click("alice", todoSelector("Water the plants") + " .toggle");
        pages.waitFor("alice", "document.querySelector('#queued-count').textContent === '2'"
                + " && !document.querySelector('#queued').hidden", Duration.ofSeconds(2));
        assertThat(pages.js("alice", "Object.keys(localStorage).filter(k => k.startsWith('zapsocket-demo.queue.'))"
                + ".map(k => JSON.parse(localStorage.getItem(k)).length)").toString()).isEqualTo("[2]");
        pages.screenshot("alice", "offline-queue");

        // same port, same store (the in-memory sync store keeps its maps when closed): the server "came back"
        server = DemoServer.start("127.0.0.1", port, store, b -> b);
        pages.waitFor("alice", "document.querySelector('#banner').dataset.state === 'connected'"
                + " && document.querySelector('#queued').hidden", RECONNECT);
        pages.waitFor("bob", hasTodo("Written offline", false) + " && " + hasTodo("Water the plants", true),
                RECONNECT);
        pages.waitFor("alice", hasTodo("Written offline", false) + " && " + hasTodo("Water the plants", true),
                Duration.ofSeconds(2));
        assertThat(stored()).extracting(Todo::text, Todo::completed)
                .containsExactly(tuple("Water the plants", true), tuple("Written offline", false));
        assertThat(pages.js("alice", "Object.keys(localStorage).filter(k => k.startsWith('zapsocket-demo.queue.'))"
                + ".length").asInt()).isZero();
    }

    @Test
    void worksWithTheClientForcedToPolling() {
        open("alice", "name=Alice&transport=polling");
        open("bob", "name=Bob");
        pages.waitConnected("alice");
        pages.waitConnected("bob");
        assertThat(pages.js("alice", "document.querySelector('#banner-text').textContent").asText())
                .endsWith("polling");
        // bob starts on polling too and upgrades right after connecting: wait until only alice polls
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() ->
                server.socketServer().stats().connectionsByTransport().get(Transport.POLLING) == 1);

        pages.addTodo("alice", "Sent by polling");
        pages.waitFor("bob", hasTodo("Sent by polling", false), Duration.ofSeconds(1));
        pages.addTodo("bob", "Received by polling");
        pages.waitFor("alice", hasTodo("Received by polling", false), Duration.ofSeconds(1));
        pages.act("type", "bob", "#chat-input", "text", "hi");
        pages.waitFor("alice", typingIs("Bob is typing…"), Duration.ofSeconds(2));
        pages.waitFor("alice", usersAre("Alice", "Bob"), Duration.ofSeconds(2));
        assertThat(pages.js("alice", "document.querySelector('#banner-text').textContent").asText())
                .endsWith("polling");
    }

    @Test
    void aChangeMadeOnAnOldVersionIsRefusedAndTheCurrentItemShown() {
        open("alice", "name=Alice");
        open("bob", "name=Bob");
        pages.waitConnected("alice");
        pages.waitConnected("bob");
        pages.addTodo("alice", "Book flights");
        pages.waitFor("bob", hasTodo("Book flights", false), Duration.ofSeconds(2));

        pages.click("alice", "#offline-toggle");
        pages.waitFor("alice", "document.querySelector('#banner').dataset.state === 'offline'", Duration.ofSeconds(2));
        pages.click("alice", todoSelector("Book flights") + " .toggle");          // made on version 1, queued

        pages.dblclick("bob", todoSelector("Book flights") + " .text");
        pages.act("fill", "bob", "#todo-list input.edit", "value", "Book trains");
        pages.act("press", "bob", "#todo-list input.edit", "key", "Enter");
        pages.waitFor("bob", hasTodo("Book trains", false), Duration.ofSeconds(2));   // version 2 on the server

        pages.click("alice", "#offline-toggle");
        pages.waitFor("alice", hasTodo("Book trains", false) + " && document.querySelector('#queued').hidden",
                Duration.ofSeconds(5));
        pages.waitFor("alice", "[...document.querySelectorAll('.toast')]"
                + ".some(t => t.textContent.includes('Bob first'))", Duration.ofSeconds(2));
        assertThat(stored()).extracting(Todo::text, Todo::completed, Todo::version)
                .containsExactly(tuple("Book trains", false, 2L));
    }

    @Test
    void theOfflineQueueSurvivesAReload() {
        open("alice", "name=Alice");
        pages.waitConnected("alice");
        pages.click("alice", "#offline-toggle");
        pages.addTodo("alice", "Kept across reloads");
        pages.reload("alice");
        // after the reload the page is online again and replays what the previous page queued
        pages.waitFor("alice", hasTodo("Kept across reloads", false) + " && document.querySelector('#queued').hidden",
                Duration.ofSeconds(5));
        assertThat(stored()).extracting(Todo::text).containsExactly("Kept across reloads");
    }
}
