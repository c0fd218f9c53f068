package io.zapsocket.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.zapsocket.admin.AdminUi;
import io.zapsocket.admin.AdminUiOptions;
import io.zapsocket.server.ServerOptions;
import io.zapsocket.server.SocketServer;
import io.zapsocket.server.StaticContent;
import io.zapsocket.sync.SyncStores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.bcrypt.BCrypt;

/**
 * The official Socket.IO Admin UI ({@code @socket.io/admin-ui} 0.5.1's {@code ui/dist}, installed by the build in
 * {@code e2e/node_modules}) in chromium against the demo instrumented with {@link AdminUi}: it logs in with a
 * password checked against its bcrypt hash, lists the demo page's socket, and disconnecting that client from the UI
 * disconnects the demo page ("io server disconnect": it shows "reconnecting", then connects again). A screenshot of
 * the sockets page goes to the artifacts
 * ({@code docs/admin-ui.png} is one of them).
 */
class AdminUiBrowserIT {
    private static BrowserDriver browser;
    private static DemoServer demo;
    private static AdminUi admin;
    private static SocketServer ui;
    private static DemoPages pages;

    @BeforeAll
    static void start() throws Exception {
        browser = DemoPages.startBrowser("AdminUiBrowserIT");
        pages = new DemoPages(browser, "AdminUiBrowserIT");
        Path dist = Path.of(System.getProperty("zapsocket.e2e.dir", "e2e"),
                "node_modules/@socket.io/admin-ui/ui/dist").toAbsolutePath();
        assertThat(dist.resolve("index.html")).exists();
        ui = SocketServer.create(ServerOptions.builder().serveClient(false)
                .staticContent(StaticContent.directory("/", dist)).build());
        String uiOrigin = "http://127.0.0.1:" + ui.listen("127.0.0.1", 0).join().getPort();
        // the UI is a page of another origin: the demo lets it in (cross-origin browsers are refused by default)
        int demoPort;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            demoPort = probe.getLocalPort();
        }
        String demoOrigin = "http://127.0.0.1:" + demoPort; // its own pages, which an allowlist must name too
        demo = DemoServer.start("127.0.0.1", demoPort, SyncStores.inMemory(),
                b -> b.allowedOrigins(uiOrigin, demoOrigin));
        admin = AdminUi.instrument(demo.socketServer(), AdminUiOptions.builder()
                .basicAuth("admin", BCrypt.hashpw("demo-s3cret", BCrypt.gensalt(6))).serverId("demo-node").build());
    }

    @AfterAll
    static void stop() throws Exception {
        if (pages != null) {
            pages.closeAll();
        }
        if (browser != null) {
            browser.close();
        }
        if (admin != null) {
            admin.close();
        }
        if (ui != null) {
            ui.close().join();
        }
        if (demo != null) {
            demo.close();
        }
    }

    @Test
    void theUiLogsInListsTheDemoSocketAndDisconnectsItsClient() throws Exception {
        int demoPort = demo.address().getPort();
        pages.open("alice", demoPort, "name=Alice");
        pages.waitConnected("alice");
        String socketId = pages.js("alice", "socket.id").asText();
        String clientId = pages.js("alice", "socket.io.engine.id.substring(0, 12)").asText();

        String uiUrl = "http://127.0.0.1:" + ui.address().getPort() + "/";
        browser.call("open", Map.of("page", "admin", "url", uiUrl), Duration.ofSeconds(30));
        pages.js("admin", "localStorage.setItem('server_url', 'http://127.0.0.1:" + demoPort + "'),"
                + " localStorage.setItem('ws_only', 'true'), true");
        browser.call("reload", Map.of("page", "admin"), Duration.ofSeconds(30));
        browser.call("fill", Map.of("page", "admin", "selector", ".v-dialog input >> nth=1", "value", "admin"),
                Duration.ofSeconds(10));
        browser.call("fill", Map.of("page", "admin", "selector", ".v-dialog input[type=password]",
                "value", "demo-s3cret"), Duration.ofSeconds(10));
        browser.call("click", Map.of("page", "admin", "selector", ".v-dialog button[type=submit]"),
                Duration.ofSeconds(10));
        pages.waitFor("admin", "localStorage.getItem('session_id') !== null", Duration.ofSeconds(15));

        pages.waitFor("admin", "document.querySelector('.v-dialog--active') === null", Duration.ofSeconds(10));
        pages.js("admin", "location.hash = '#/sockets/', true");
        pages.waitFor("admin", "document.body.innerText.includes(" + DemoPages.quote(socketId) + ")",
                Duration.ofSeconds(15));
        assertThat(pages.js("admin", "document.body.innerText").asText()).as("the upgraded transport")
                .contains("WebSocket");
        pages.waitFor("admin", "document.querySelector('.v-overlay--active') === null", Duration.ofSeconds(10));
        Thread.sleep(700); // the dialog's fade-out, for the screenshot only
        Path shot = DemoPages.artifacts().resolve("admin-ui-sockets.png");
        browser.call("screenshot", Map.of("page", "admin", "path", shot.toString()), Duration.ofSeconds(30));
        if (System.getProperty("zapsocket.docs.screenshot") != null) {
            Files.copy(shot, Path.of(System.getProperty("zapsocket.docs.screenshot")),
                    StandardCopyOption.REPLACE_EXISTING);
        }

        pages.js("alice", "window.__states = [], new MutationObserver(() => window.__states.push("
                + "document.querySelector('#banner').dataset.state)).observe(document.querySelector('#banner'),"
                + " {attributes: true}), true");
        pages.js("admin", "location.hash = '#/clients/" + clientId + "', true");
        pages.waitFor("admin", "document.querySelectorAll('button .mdi-logout').length > 0", Duration.ofSeconds(10));
        browser.call("click", Map.of("page", "admin", "selector", "button:has(.mdi-logout) >> nth=0"),
                Duration.ofSeconds(15));
        // a server-side disconnect ("io server disconnect": a socket.io client does not reconnect by itself): the demo
        // shows "reconnecting" and connects again a second later
        pages.waitFor("alice", "window.__states.includes('reconnecting')", Duration.ofSeconds(10));
        pages.waitFor("alice", "window.__states.indexOf('connected', window.__states.indexOf('reconnecting')) > 0",
                Duration.ofSeconds(10));
    }
}
