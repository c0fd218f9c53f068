package io.zapsocket.examples.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.zapsocket.examples.JavaProgram;
import io.zapsocket.examples.ProjectFiles;
import io.zapsocket.examples.hello.HelloServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The browser snippet of the README's Hello world (and of docs/getting-started.md), as a reader uses it: saved as a
 * file, opened in chromium (origin {@code null}) against {@code HelloServer} in its own JVM. The page loads the
 * official client from the server, gets the answer to {@code hello}, and receives a {@code chat} broadcast.
 */
class HelloBrowserIT {

    private static final Pattern HTML_BLOCK = Pattern.compile("```html\n(.*?)```\n", Pattern.DOTALL);

    private static BrowserDriver browser;
    private static JavaProgram server;
    private static String url;

    @BeforeAll
    static void start() throws Exception {
        browser = DemoPages.startBrowser("HelloBrowserIT");
        server = JavaProgram.start(HelloServer.class, "0");
        url = server.await(Pattern.compile("listening on (http://localhost:\\d+)")).group(1);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (browser != null) {
            browser.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"README.md", "docs/getting-started.md"})
    void theSnippetPageTalksToHelloServer(String document, @TempDir Path dir) throws Exception {
        String markdown = ProjectFiles.read(document);
        String helloWorld = document.equals("README.md") ? markdown.substring(markdown.indexOf("## Hello world")) : markdown;
        Matcher block = HTML_BLOCK.matcher(helloWorld);
        assertThat(block.find()).as("an ```html block in %s", document).isTrue();
        assertThat(block.group(1)).contains("http://localhost:3000/socket.io/socket.io.min.js");
        Path page = dir.resolve("hello.html");
        Files.writeString(page, block.group(1).replace("http://localhost:3000", url), StandardCharsets.UTF_8);

        String name = "hello-" + document.replaceAll("\\W", "-");
        browser.call("open", Map.of("page", name, "url", page.toUri().toString()), Duration.ofSeconds(30));
        try {
            awaitLog(name, "log: Hello, browser!");
            browser.call("eval", Map.of("page", name, "expression", "void socket.emit('chat', 'from the test')"),
                    Duration.ofSeconds(10));
            awaitLog(name, "says from the test");
        } finally {
            browser.call("close", Map.of("page", name));
        }
    }

    private static void awaitLog(String page, String text) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        List<String> lines = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            lines.clear();
            JsonNode log = browser.call("log", Map.of("page", page));
            log.forEach(l -> lines.add(l.asText()));
            if (lines.stream().anyMatch(l -> l.contains(text))) {
                return;
            }
            Thread.sleep(100);
        }
        fail("the page logged no line containing '%s' within 20 s; its console:%n%s", text, String.join("\n", lines));
    }
}
