package io.zapsocket.examples.demo;

import io.zapsocket.sync.SyncOptions;
import io.zapsocket.testkit.RedisProcess;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
 * The clustered demo ({@code --redis}) in a real browser: two or three demo nodes on one {@code redis-server} (its
 * own, on a free loopback port), one page per node. Nodes A and B run in this JVM
 * ({@link DemoServer#startClustered}); node C is a separate JVM started with the demo's command line, so that it
 * can die for real ({@code kill -9}). Browser, artifacts and skipping as in {@link DemoBrowserIT}.
 */
class DemoClusterIT {
    private static final Pattern LISTENING = Pattern.compile("Zap-Socket demo on http://[^:]+:(\\d+)");

    private static RedisProcess redis;
    private static BrowserDriver browser;

    private DemoPages pages;
    private String testName;
    private DemoServer nodeA;
    private DemoServer nodeB;
    private Process nodeC;

    @BeforeAll
    static void start() throws Exception {
        browser = DemoPages.startBrowser("DemoClusterIT");
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

    @BeforeEach
    void startNodeA(TestInfo info) throws IOException {
        testName = info.getTestMethod().map(m -> m.getName()).orElse("test");
        pages = new DemoPages(browser, testName);
        redis.restart(Duration.ZERO); // an empty Redis (no persistence) for each test
        nodeA = DemoServer.startClustered("127.0.0.1", 0, redis.uri());
    }

    @AfterEach
    void stopNodes() throws Exception {
        try {
            pages.closeAll();
        } finally {
            if (nodeC != null) {
                nodeC.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            for (DemoServer node : new DemoServer[] {nodeB, nodeA}) {
                if (node != null) {
                    node.close();
                }
            }
        }
    }

    private List<Todo> stored() {
        return nodeA.todos().list().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
    }

    @Test
    void pagesOnTwoNodesShareTodosChatTypingAndPresence() {
        nodeB = DemoServer.startClustered("127.0.0.1", 0, redis.uri());
        int a = nodeA.address().getPort();
        int b = nodeB.address().getPort();

        pages.open("alice", a, "name=Alice");
        pages.waitConnected("alice");
        pages.act("fill", "alice", "#chat-input", "value", "hi from node A");
        pages.act("press", "alice", "#chat-input", "key", "Enter");
        pages.waitFor("alice", hasChat("Alice", "hi from node A"), Duration.ofSeconds(2));

        pages.open("bob", b, "name=Bob");
        pages.waitConnected("bob");
        // what node A's page said before bob came is in the history bob's node loads from Redis
        pages.waitFor("bob", hasChat("Alice", "hi from node A"), Duration.ofSeconds(2));
        pages.waitFor("alice", usersAre("Alice", "Bob"), Duration.ofSeconds(5));
        pages.waitFor("bob", usersAre("Alice", "Bob"), Duration.ofSeconds(5));

        pages.addTodo("alice", "Buy milk");
        long seen = pages.waitFor("bob", hasTodo("Buy milk", false), Duration.ofSeconds(1));
        assertThat(seen).isLessThanOrEqualTo(1000);
        pages.click("bob", todoSelector("Buy milk") + " .toggle");
        seen = pages.waitFor("alice", hasTodo("Buy milk", true), Duration.ofSeconds(1));
        assertThat(seen).isLessThanOrEqualTo(1000);

        pages.act("type", "bob", "#chat-input", "text", "hello from B");
        pages.waitFor("alice", typingIs("Bob is typing…"), Duration.ofSeconds(2));
        pages.act("press", "bob", "#chat-input", "key", "Enter");
        pages.waitFor("alice", hasChat("Bob", "hello from B"), Duration.ofSeconds(2));

        pages.waitUpgraded("bob");
        pages.close("bob");
        pages.waitFor("alice", usersAre("Alice"), Duration.ofSeconds(5));
        assertThat(stored()).extracting(Todo::text, Todo::completed, Todo::version, Todo::updatedBy)
                .containsExactly(tuple("Buy milk", true, 2L, "Bob"));
    }

    @Test
    void theUsersOfANodeThatDiesLeaveTheOthersLists() throws Exception {
        int c = startNodeC();
        pages.open("alice", nodeA.address().getPort(), "name=Alice");
        pages.open("carol", c, "name=Carol");
        pages.waitFor("alice", usersAre("Alice", "Carol"), Duration.ofSeconds(5));
        pages.waitFor("carol", usersAre("Alice", "Carol"), Duration.ofSeconds(5));
        pages.addTodo("carol", "Written on node C");
        pages.waitFor("alice", hasTodo("Written on node C", false), Duration.ofSeconds(1));

        nodeC.destroyForcibly(); // SIGKILL: no disconnect event, nothing said to the other nodes
        assertThat(nodeC.waitFor(10, TimeUnit.SECONDS)).isTrue();
        pages.waitFor("carol", "document.querySelector('#banner').dataset.state === 'reconnecting'",
                Duration.ofSeconds(10));
        // the sync module: node A's heartbeat finds C silent for nodeTimeout and removes its members (docs/sync.md)
        pages.waitFor("alice", usersAre("Alice"), SyncOptions.DEFAULT_NODE_TIMEOUT
                .plus(SyncOptions.DEFAULT_HEARTBEAT_INTERVAL).plusSeconds(5));
        assertThat(stored()).extracting(Todo::text).containsExactly("Written on node C");
    }

    /** Starts node C: {@code DemoServer --redis ...} in its own JVM; answers its port. */
    private int startNodeC() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder pb = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", DemoServer.class.getName(),
                "--host", "127.0.0.1", "--port", "0", "--redis", redis.uri())
                .redirectError(DemoPages.artifacts().resolve(testName + "-node-c.log").toFile());
        nodeC = pb.start();
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(nodeC.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                        port.complete(Integer.parseInt(m.group(1)));
                    }
                }
            } catch (IOException e) {
                // the process is gone
            }
            port.completeExceptionally(new IllegalStateException("node C exited before listening"));
        }, "node-c-out");
        reader.setDaemon(true);
        reader.start();
        return port.get(60, TimeUnit.SECONDS);
    }
}
