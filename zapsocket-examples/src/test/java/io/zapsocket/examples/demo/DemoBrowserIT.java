package io.zapsocket.examples.demo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zapsocket.server.Transport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The demo in a real browser: Debian's chromium, headless, driven by playwright-core ({@link BrowserDriver}),
 * against {@link DemoServer} started in this JVM on an ephemeral port. Each page has its own browser context, as
 * two people would. Screenshots and console logs of every page go to {@code target/e2e-artifacts/}.
 *
 * <p>Skipped when chromium is missing on a developer's machine; failed when it is missing in CI ({@code CI} set),
 * since {@code .ci/run} installs it.
 */
class DemoBrowserIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration RECONNECT = Duration.ofSeconds(20);

    private static BrowserDriver browser;
    private static Path artifacts;

    private InMemoryTodoStore store;
    private DemoServer server;
    private int port;
    private final Set<String> pages = new LinkedHashSet<>();
    private String testName;

    @BeforeAll
    static void startBrowser() throws Exception {
        Path chromium = Path.of(System.getProperty("zapsocket.e2e.chromium", "/usr/bin/chromium"));
        if (!Files.isExecutable(chromium)) {
            String msg = "chromium not found at " + chromium + ": the demo's browser tests need Debian's chromium"
                    + " (apt-get install chromium)";
            if (System.getenv("CI") != null) {
                fail(msg + "; .ci/run installs it, so in CI this is an error");
            }
            // JUnit reports an aborted @BeforeAll as "Tests run: 0" without the reason: say it on the console
            System.err.println("DemoBrowserIT SKIPPED: " + msg);
            assumeTrue(false, msg + "; skipping");
        }
        Path e2e = Path.of(System.getProperty("zapsocket.e2e.dir", "e2e"));
        artifacts = Files.createDirectories(Path.of(System.getProperty("zapsocket.e2e.artifacts",
                "target/e2e-artifacts")));
        browser = BrowserDriver.start(e2e, chromium);
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @BeforeEach
    void startServer(TestInfo info) {
        testName = info.getTestMethod().map(m -> m.getName()).orElse("test");
        store = new InMemoryTodoStore();
        server = DemoServer.start("127.0.0.1", 0, store);
        port = server.address().getPort();
    }

    @AfterEach
    void stopServer() throws Exception {
        try {
            for (String p : pages) {
                try {
                    browser.call("screenshot", Map.of("page", p, "path",
                            artifacts.resolve(testName + "-" + p + ".png").toString()));
                    JsonNode log = browser.call("log", Map.of("page", p));
                    List<String> lines = new ArrayList<>();
                    log.forEach(l -> lines.add(l.asText()));
                    Files.write(artifacts.resolve(testName + "-" + p + ".log"), lines);
                } catch (RuntimeException | AssertionError e) {
                    // a page closed by the test: nothing to save
                }
            }
            browser.call("closeAll", Map.of());
        } finally {
            pages.clear();
            if (server != null) {
                server.close();
            }
        }
    }

    // ---------------------------------------------------------------- scenarios

    @Test
    void twoPagesSeeEachOthersTodoChangesWithinOneSecond() {
        open("alice", "name=Alice");
        open("bob", "name=Bob");
        waitConnected("alice");
        waitConnected("bob");

        addTodo("alice", "Buy milk");
        long seen = waitFor("bob", hasTodo("Buy milk", false), Duration.ofSeconds(1));
        assertThat(seen).isLessThanOrEqualTo(1000);

        click("bob", todoSelector("Buy milk") + " .toggle");
        waitFor("alice", hasTodo("Buy milk", true), Duration.ofSeconds(1));

        addTodo("bob", "Call the plumber");
        waitFor("alice", hasTodo("Call the plumber", false), Duration.ofSeconds(1));
        click("alice", todoSelector("Call the plumber") + " .delete");
        waitFor("bob", "!" + hasTodo("Call the plumber", false) + " && !" + hasTodo("Call the plumber", true),
                Duration.ofSeconds(1));

        assertThat(store.list()).extracting(Todo::text, Todo::completed, Todo::version)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("Buy milk", true, 2L));
        assertThat(texts("alice")).containsExactly("Buy milk");
        assertThat(texts("bob")).containsExactly("Buy milk");
    }

    @Test
    void presenceShowsBothUsersAndDropsOneWhenItsPageCloses() {
        open("alice", "name=Alice");
        open("bob", "name=Bob");
        waitFor("alice", usersAre("Alice", "Bob"), Duration.ofSeconds(5));
        waitFor("bob", usersAre("Alice", "Bob"), Duration.ofSeconds(5));

        browser.call("close", Map.of("page", "bob"));
        pages.remove("bob");
        waitFor("alice", usersAre("Alice"), Duration.ofSeconds(5));
    }

    @Test
    void typingIndicatorAppearsForTheOthersAndChatMessagesArrive() {
        open("alice", "name=Alice");
        open("bob", "name=Bob");
        waitConnected("alice");
        waitConnected("bob");

        browser.call("type", Map.of("page", "bob", "selector", "#chat-input", "text", "hello ali"));
        waitFor("alice", "document.querySelector('#typing').textContent === 'Bob is typing…'", Duration.ofSeconds(2));
        assertThat(js("bob", "document.querySelector('#typing').textContent").asText()).isEmpty();

        browser.call("press", Map.of("page", "bob", "selector", "#chat-input", "key", "Enter"));
        waitFor("alice", "[...document.querySelectorAll('#chat-log li:not(.pending)')].some(li =>"
                + " li.querySelector('.who').textContent === 'Bob' && li.querySelector('.text').textContent"
                + " === 'hello ali')", Duration.ofSeconds(2));
        waitFor("alice", "document.querySelector('#typing').textContent === ''", Duration.ofSeconds(3));
    }

    @Test
    void serverStopShowsReconnectingAndOfflineEditsAreAppliedWhenItIsBack() {
        open("alice", "name=Alice");
        open("bob", "name=Bob");
        waitConnected("alice");
        waitConnected("bob");
        addTodo("alice", "Water the plants");
        waitFor("bob", hasTodo("Water the plants", false), Duration.ofSeconds(2));

        server.close();
        waitFor("alice", "document.querySelector('#banner').dataset.state === 'reconnecting'"
                + " && /attempt \\d+/.test(document.querySelector('#banner-text').textContent)", RECONNECT);
        screenshot("alice", "reconnecting");

        addTodo("alice", "Written offline");
        click("alice", todoSelector("Water the plants") + " .toggle");
        waitFor("alice", "document.querySelector('#queued-count').textContent === '2'"
                + " && !document.querySelector('#queued').hidden", Duration.ofSeconds(2));
        assertThat(js("alice", "Object.keys(localStorage).filter(k => k.startsWith('zapsocket-demo.queue.'))"
                + ".map(k => JSON.parse(localStorage.getItem(k)).length)").toString()).isEqualTo("[2]");
        screenshot("alice", "offline-queue");

        server = DemoServer.start("127.0.0.1", port, store); // same port, same store: the server "came back"
        waitFor("alice", "document.querySelector('#banner').dataset.state === 'connected'"
                + " && document.querySelector('#queued').hidden", RECONNECT);
        waitFor("bob", hasTodo("Written offline", false) + " && " + hasTodo("Water the plants", true), RECONNECT);
        waitFor("alice", hasTodo("Written offline", false) + " && " + hasTodo("Water the plants", true),
                Duration.ofSeconds(2));
        assertThat(store.list()).extracting(Todo::text, Todo::completed)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("Water the plants", true),
                        org.assertj.core.groups.Tuple.tuple("Written offline", false));
        assertThat(js("alice", "Object.keys(localStorage).filter(k => k.startsWith('zapsocket-demo.queue.'))"
                + ".length").asInt()).isZero();
    }

    @Test
    void worksWithTheClientForcedToPolling() {
        open("alice", "name=Alice&transport=polling");
        open("bob", "name=Bob");
        waitConnected("alice");
        waitConnected("bob");
        assertThat(js("alice", "document.querySelector('#banner-text').textContent").asText()).endsWith("polling");
        // bob starts on polling too and upgrades right after connecting: wait until only alice polls
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() ->
                server.socketServer().stats().connectionsByTransport().get(Transport.POLLING) == 1);

        addTodo("alice", "Sent by polling");
        waitFor("bob", hasTodo("Sent by polling", false), Duration.ofSeconds(1));
        addTodo("bob", "Received by polling");
        waitFor("alice", hasTodo("Received by polling", false), Duration.ofSeconds(1));
        browser.call("type", Map.of("page", "bob", "selector", "#chat-input", "text", "hi"));
        waitFor("alice", "document.querySelector('#typing').textContent === 'Bob is typing…'", Duration.ofSeconds(2));
        waitFor("alice", usersAre("Alice", "Bob"), Duration.ofSeconds(2));
        assertThat(js("alice", "document.querySelector('#banner-text').textContent").asText()).endsWith("polling");
    }

    @Test
    void aChangeMadeOnAnOldVersionIsRefusedAndTheCurrentItemShown() {
        open("alice", "name=Alice");
        open("bob", "name=Bob");
        waitConnected("alice");
        waitConnected("bob");
        addTodo("alice", "Book flights");
        waitFor("bob", hasTodo("Book flights", false), Duration.ofSeconds(2));

        click("alice", "#offline-toggle");
        waitFor("alice", "document.querySelector('#banner').dataset.state === 'offline'", Duration.ofSeconds(2));
        click("alice", todoSelector("Book flights") + " .toggle");          // made on version 1, queued

        browser.call("dblclick", Map.of("page", "bob", "selector", todoSelector("Book flights") + " .text"));
        browser.call("fill", Map.of("page", "bob", "selector", "#todo-list input.edit", "value", "Book trains"));
        browser.call("press", Map.of("page", "bob", "selector", "#todo-list input.edit", "key", "Enter"));
        waitFor("bob", hasTodo("Book trains", false), Duration.ofSeconds(2));   // version 2 on the server

        click("alice", "#offline-toggle");
        waitFor("alice", hasTodo("Book trains", false) + " && document.querySelector('#queued').hidden",
                Duration.ofSeconds(5));
        waitFor("alice", "[...document.querySelectorAll('.toast')].some(t => t.textContent.includes('Bob first'))",
                Duration.ofSeconds(2));
        assertThat(store.list()).extracting(Todo::text, Todo::completed, Todo::version)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("Book trains", false, 2L));
    }

    @Test
    void theOfflineQueueSurvivesAReload() {
        open("alice", "name=Alice");
        waitConnected("alice");
        click("alice", "#offline-toggle");
        addTodo("alice", "Kept across reloads");
        browser.call("reload", Map.of("page", "alice"));
        // after the reload the page is online again and replays what the previous page queued
        waitFor("alice", hasTodo("Kept across reloads", false) + " && document.querySelector('#queued').hidden",
                Duration.ofSeconds(5));
        assertThat(store.list()).extracting(Todo::text).containsExactly("Kept across reloads");
    }

    // ---------------------------------------------------------------- helpers

    private void open(String page, String query) {
        browser.call("open", Map.of("page", page, "url", "http://127.0.0.1:" + port + "/?" + query),
                Duration.ofSeconds(30));
        pages.add(page);
    }

    private void waitConnected(String page) {
        waitFor(page, "document.querySelector('#banner').dataset.state === 'connected'", Duration.ofSeconds(10));
    }

    private long waitFor(String page, String expression, Duration timeout) {
        return browser.call("waitFor", Map.of("page", page, "expression", expression, "timeout", timeout.toMillis()),
                timeout).asLong();
    }

    private JsonNode js(String page, String expression) {
        return browser.call("eval", Map.of("page", page, "expression", expression));
    }

    private void click(String page, String selector) {
        browser.call("click", Map.of("page", page, "selector", selector));
    }

    private void addTodo(String page, String text) {
        browser.call("fill", Map.of("page", page, "selector", "#todo-input", "value", text));
        browser.call("press", Map.of("page", page, "selector", "#todo-input", "key", "Enter"));
    }

    private void screenshot(String page, String what) {
        browser.call("screenshot", Map.of("page", page, "path",
                artifacts.resolve(testName + "-" + page + "-" + what + ".png").toString()));
    }

    private List<String> texts(String page) {
        List<String> out = new ArrayList<>();
        js(page, "[...document.querySelectorAll('#todo-list li .text')].map(e => e.textContent)")
                .forEach(n -> out.add(n.asText()));
        return out;
    }

    private static String quote(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** A confirmed (not pending) item with this text and completion. */
    private static String hasTodo(String text, boolean done) {
        return "[...document.querySelectorAll('#todo-list li.todo:not(.pending)')].some(li =>"
                + " li.querySelector('.text')?.textContent === " + quote(text)
                + " && li.classList.contains('done') === " + done + ")";
    }

    private static String todoSelector(String text) {
        return "#todo-list li.todo:has(.text:text-is(" + quote(text) + "))";
    }

    private static String usersAre(String... names) {
        List<String> sorted = new ArrayList<>(List.of(names));
        sorted.sort(null);
        return "JSON.stringify([...document.querySelectorAll('#users li')].map(li => li.textContent).sort()) === "
                + quote(toJson(sorted));
    }

    private static String toJson(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
