package io.zapsocket.examples.demo;

import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import static io.zapsocket.examples.demo.DemoPages.hasChat;
import static io.zapsocket.examples.demo.DemoPages.hasTodo;
import static io.zapsocket.examples.demo.DemoPages.quote;
import static io.zapsocket.examples.demo.DemoPages.todoSelector;
import static io.zapsocket.examples.demo.DemoPages.usersAre;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The demo's features that run on the sync module ({@code zapsocket-sync} with {@code /sync/zap-sync.js}), in a real
 * browser (see {@link DemoBrowserIT} for the set-up): presence with one entry per user, the chat stream's history on
 * join and after a reconnection, the todo list on the replicated map (changes, a conflict, a reload), and a direct message to a user who is offline,
 * delivered when they come back (once: acknowledged).
 */
class SyncDemoBrowserIT {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final String CHAT_TEXTS =
            "[...document.querySelectorAll('#chat-log li .text')].map(e => e.textContent).join('|')";
    private static final String DMS =
            "[...document.querySelectorAll('#dm-log li')].map(li => li.textContent).join('|')";

    private static BrowserDriver browser;

    private DemoServer server;
    private int port;
    private DemoPages pages;

    @BeforeAll
    static void startBrowser() throws Exception {
        browser = DemoPages.startBrowser("SyncDemoBrowserIT");
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
        server = DemoServer.start("127.0.0.1", 0);
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

    @Test
    void presenceListsAUserOnceWhateverTheirTabsAndDropsTheOneWhoLeaves() {
        open("alice", "name=Alice");
        open("alice-tab2", "name=Alice");
        open("bob", "name=Bob");
        pages.waitFor("alice", usersAre("Alice", "Bob"), WAIT);
        pages.waitFor("bob", usersAre("Alice", "Bob"), WAIT);
        pages.waitFor("bob", "document.querySelector('#user-count').textContent === '2'", WAIT);

        pages.waitUpgraded("alice-tab2");
        pages.waitUpgraded("bob");
        pages.close("alice-tab2"); // Alice still has a tab: still listed
        pages.close("bob");
        pages.waitFor("alice", usersAre("Alice"), WAIT);
    }

    @Test
    void chatHistoryOnJoinAndTheMissedMessagesAfterAReconnectionOnceInOrder() {
        open("alice", "name=Alice");
        pages.waitConnected("alice");
        pages.act("type", "alice", "#chat-input", "text", "one");
        pages.act("press", "alice", "#chat-input", "key", "Enter");
        pages.waitFor("alice", hasChat("Alice", "one"), WAIT);

        open("bob", "name=Bob"); // joins later: gets the history
        pages.waitFor("bob", hasChat("Alice", "one"), WAIT);

        pages.click("bob", "#offline-toggle");
        pages.waitFor("bob", "!socket.connected", WAIT);
        for (String text : new String[] {"two", "three"}) {
            pages.act("type", "alice", "#chat-input", "text", text);
            pages.act("press", "alice", "#chat-input", "key", "Enter");
            pages.waitFor("alice", hasChat("Alice", text), WAIT);
        }
        pages.click("bob", "#offline-toggle");
        pages.waitFor("bob", CHAT_TEXTS + " === 'one|two|three'", WAIT);
        pages.reload("bob"); // a new page: the history again, nothing twice
        pages.waitFor("bob", CHAT_TEXTS + " === 'one|two|three'", WAIT);
        assertThat(pages.js("alice", CHAT_TEXTS).asText()).isEqualTo("one|two|three");
    }

    /**
     * The todo list is the sync module's compare-and-set map {@code todos}: adds, toggles, edits and deletes from one
     * page reach the other (map changes); two changes made on the same version (both pages offline) resolve as
     * docs/sync.md says: the first to reach the server wins, the other is refused and its user told, both pages end
     * with the winner; the list is the same after a reload (the map's snapshot).
     */
    @Test
    void todosOnTheReplicatedMapAddToggleEditDeleteConflictAndReload() {
        open("alice", "name=Alice");
        open("bob", "name=Bob");
        pages.waitConnected("alice");
        pages.waitConnected("bob");
        pages.addTodo("alice", "Book flights");
        pages.addTodo("alice", "Pack bags");
        pages.waitFor("bob", hasTodo("Book flights", false) + " && " + hasTodo("Pack bags", false), WAIT);
        pages.click("bob", todoSelector("Pack bags") + " .toggle");
        pages.waitFor("alice", hasTodo("Pack bags", true), WAIT);
        pages.addTodo("bob", "Call mum");
        pages.waitFor("alice", hasTodo("Call mum", false), WAIT);
        pages.click("alice", todoSelector("Call mum") + " .delete");
        pages.waitFor("bob", "!" + hasTodo("Call mum", false) + " && !" + hasTodo("Call mum", true), WAIT);

        // both change "Book flights" (version 1) while offline: Alice's change reaches the server first and wins
        pages.click("alice", "#offline-toggle");
        pages.click("bob", "#offline-toggle");
        pages.waitFor("alice", "!socket.connected", WAIT);
        pages.waitFor("bob", "!socket.connected", WAIT);
        pages.click("alice", todoSelector("Book flights") + " .toggle");
        pages.dblclick("bob", todoSelector("Book flights") + " .text");
        pages.act("fill", "bob", "#todo-list input.edit", "value", "Book trains");
        pages.act("press", "bob", "#todo-list input.edit", "key", "Enter");
        pages.click("alice", "#offline-toggle");
        pages.waitFor("alice", hasTodo("Book flights", true) + " && document.querySelector('#queued').hidden", WAIT);
        pages.click("bob", "#offline-toggle");
        pages.waitFor("bob", hasTodo("Book flights", true) + " && document.querySelector('#queued').hidden", WAIT);
        pages.waitFor("bob", "[...document.querySelectorAll('.toast')].some(t => t.textContent.includes('Alice first'))",
                WAIT);
        assertThat(pages.texts("bob")).containsExactly("Book flights", "Pack bags");
        assertThat(server.todos().list().toCompletableFuture().join())
                .extracting(Todo::text, Todo::completed, Todo::version)
                .containsExactly(tuple("Book flights", true, 2L), tuple("Pack bags", true, 2L));

        for (String page : new String[] {"alice", "bob"}) {
            pages.reload(page); // a new page: the map's snapshot, the same list
            pages.waitFor(page, hasTodo("Book flights", true) + " && " + hasTodo("Pack bags", true), WAIT);
            assertThat(pages.texts(page)).containsExactly("Book flights", "Pack bags");
        }
    }

    @Test
    void aDirectMessageToAUserWhoIsOfflineIsDeliveredWhenTheyComeBackOnce() throws InterruptedException {
        open("bob", "name=Bob");
        pages.waitUpgraded("bob"); // not closed mid-upgrade: that session would stay until its heartbeat times out
        pages.close("bob"); // Bob was here and left

        open("alice", "name=Alice");
        pages.waitConnected("alice");
        pages.waitFor("alice", usersAre("Alice"), WAIT);
        pages.act("fill", "alice", "#dm-to", "value", "Bob");
        pages.act("fill", "alice", "#dm-text", "value", "see you at 5");
        pages.act("press", "alice", "#dm-text", "key", "Enter");
        pages.waitFor("alice", "[...document.querySelectorAll('.toast')].some(t => t.textContent === 'Sent to Bob')",
                WAIT);

        open("bob", "name=Bob"); // back: the inbox is delivered
        pages.waitFor("bob", DMS + " === " + quote("Alicesee you at 5"), WAIT);
        Thread.sleep(500); // the acknowledgement (sent right after display) reaches the server
        pages.reload("bob"); // acknowledged on display: not delivered again
        pages.waitConnected("bob");
        pages.waitFor("bob", usersAre("Alice", "Bob"), WAIT); // connected and synced for a moment
        assertThat(pages.js("bob", DMS).asText()).isEmpty();
    }
}
