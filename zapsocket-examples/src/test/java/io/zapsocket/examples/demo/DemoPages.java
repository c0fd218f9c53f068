package io.zapsocket.examples.demo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The demo's pages in one {@link BrowserDriver}, for the browser tests: open a page (each in its own browser context,
 * as two people would), act on it, wait for a JavaScript condition, and, at the end of a test, save a screenshot and
 * the console log of every page still open to {@code target/e2e-artifacts/<test>-<page>.*}.
 */
final class DemoPages {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final BrowserDriver browser;
    private final Path artifacts;
    private final String testName;
    private final Set<String> open = new LinkedHashSet<>();

    DemoPages(BrowserDriver browser, String testName) {
        this.browser = browser;
        this.testName = testName;
        this.artifacts = artifacts();
    }

    /**
     * Starts headless chromium (playwright-core, {@code e2e/driver.js}). Skips the calling test class when chromium
     * is missing on a developer's machine; fails when it is missing in CI ({@code CI} set), since {@code .ci/run}
     * installs it.
     */
    static BrowserDriver startBrowser(String testClass) throws Exception {
        Path chromium = Path.of(System.getProperty("zapsocket.e2e.chromium", "/usr/bin/chromium"));
        if (!Files.isExecutable(chromium)) {
            String msg = "chromium not found at " + chromium + ": the demo's browser tests need Debian's chromium"
                    + " (apt-get install chromium)";
            if (System.getenv("CI") != null) {
                fail(msg + "; .ci/run installs it, so in CI this is an error");
            }
            // JUnit reports an aborted @BeforeAll as "Tests run: 0" without the reason: say it on the console
            System.err.println(testClass + " SKIPPED: " + msg);
            assumeTrue(false, msg + "; skipping");
        }
        Path e2e = Path.of(System.getProperty("zapsocket.e2e.dir", "e2e"));
        return BrowserDriver.start(e2e, chromium);
    }

    static Path artifacts() {
        try {
            return Files.createDirectories(Path.of(System.getProperty("zapsocket.e2e.artifacts",
                    "target/e2e-artifacts")));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Opens {@code http://127.0.0.1:<port>/?<query>} as {@code page}. */
    void open(String page, int port, String query) {
        browser.call("open", Map.of("page", page, "url", "http://127.0.0.1:" + port + "/?" + query),
                Duration.ofSeconds(30));
        open.add(page);
    }

    /** Opens {@code http://127.0.0.1:<port><path>} as {@code page}. */
    void openPath(String page, int port, String path) {
        browser.call("open", Map.of("page", page, "url", "http://127.0.0.1:" + port + path), Duration.ofSeconds(30));
        open.add(page);
    }

    /** Closes a page (as a user closing the tab). */
    void close(String page) {
        open.remove(page);
        browser.call("close", Map.of("page", page));
    }

    /** Saves a screenshot and the console log of every open page, then closes them all. */
    void closeAll() throws IOException {
        try {
            for (String p : open) {
                try {
                    screenshot(p, null);
                    JsonNode log = browser.call("log", Map.of("page", p));
                    List<String> lines = new ArrayList<>();
                    log.forEach(l -> lines.add(l.asText()));
                    Files.write(artifacts.resolve(testName + "-" + p + ".log"), lines);
                } catch (RuntimeException | AssertionError e) {
                    // a page that is gone: nothing to save
                }
            }
            browser.call("closeAll", Map.of());
        } finally {
            open.clear();
        }
    }

    /**
     * Waits until the page's connection has been upgraded to a WebSocket. A page closed while its upgrade is under way
     * (the probe WebSocket open, polling paused) leaves a session that only the heartbeat ends (pingInterval +
     * pingTimeout later, as in Node's engine.io): tests that close a page and expect its user to leave at once wait
     * for the upgrade first.
     */
    void waitUpgraded(String page) {
        waitFor(page, "document.querySelector('#banner').dataset.state === 'connected'"
                + " && document.querySelector('#banner-text').textContent.endsWith('\u00b7 websocket')",
                Duration.ofSeconds(10));
    }

    void waitConnected(String page) {
        waitFor(page, "document.querySelector('#banner').dataset.state === 'connected'", Duration.ofSeconds(10));
    }

    /** Waits until {@code expression} is truthy in the page; answers how long it took (ms). */
    long waitFor(String page, String expression, Duration timeout) {
        return browser.call("waitFor", Map.of("page", page, "expression", expression, "timeout", timeout.toMillis()),
                timeout).asLong();
    }

    JsonNode js(String page, String expression) {
        return browser.call("eval", Map.of("page", page, "expression", expression));
    }

    /** Any driver command on a page, e.g. {@code type}, {@code press}, {@code fill}, {@code dblclick}. */
    void act(String command, String page, String selector, String key, String value) {
        browser.call(command, Map.of("page", page, "selector", selector, key, value));
    }

    void click(String page, String selector) {
        browser.call("click", Map.of("page", page, "selector", selector));
    }

    void dblclick(String page, String selector) {
        browser.call("dblclick", Map.of("page", page, "selector", selector));
    }

    void reload(String page) {
        browser.call("reload", Map.of("page", page));
    }

    void addTodo(String page, String text) {
        act("fill", page, "#todo-input", "value", text);
        act("press", page, "#todo-input", "key", "Enter");
    }

    /** Saves {@code <test>-<page>[-<what>].png}. */
    void screenshot(String page, String what) {
        browser.call("screenshot", Map.of("page", page, "path", artifacts.resolve(testName + "-" + page
                + (what == null ? "" : "-" + what) + ".png").toString()));
    }

    /** The texts of the items on the page, in order. */
    List<String> texts(String page) {
        List<String> out = new ArrayList<>();
        js(page, "[...document.querySelectorAll('#todo-list li .text')].map(e => e.textContent)")
                .forEach(n -> out.add(n.asText()));
        return out;
    }

    // ---------------------------------------------------------------- page conditions

    /** A confirmed (not pending) item with this text and completion. */
    static String hasTodo(String text, boolean done) {
        return "[...document.querySelectorAll('#todo-list li.todo:not(.pending)')].some(li =>"
                + " li.querySelector('.text')?.textContent === " + quote(text)
                + " && li.classList.contains('done') === " + done + ")";
    }

    static String todoSelector(String text) {
        return "#todo-list li.todo:has(.text:text-is(" + quote(text) + "))";
    }

    /** The online list shows exactly these names (in any order). */
    static String usersAre(String... names) {
        List<String> sorted = new ArrayList<>(List.of(names));
        sorted.sort(null);
        return "JSON.stringify([...document.querySelectorAll('#users li')].map(li => li.textContent).sort()) === "
                + quote(toJson(sorted));
    }

    /** A confirmed chat message from {@code name} with this text. */
    static String hasChat(String name, String text) {
        return "[...document.querySelectorAll('#chat-log li:not(.pending)')].some(li =>"
                + " li.querySelector('.who').textContent === " + quote(name)
                + " && li.querySelector('.text').textContent === " + quote(text) + ")";
    }

    static String typingIs(String text) {
        return "document.querySelector('#typing').textContent === " + quote(text);
    }

    static String quote(String s) {
        return toJson(s);
    }

    private static String toJson(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
