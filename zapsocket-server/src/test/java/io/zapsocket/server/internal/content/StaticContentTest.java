package io.zapsocket.server.internal.content;

import io.zapsocket.server.ServerOptions;
import io.zapsocket.server.SocketServer;
import io.zapsocket.server.StaticContent;
import io.zapsocket.server.testing.RawHttp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Static files through the public API: a class-path mount at {@code /} and a directory mount at {@code /files/}. */
class StaticContentTest {
    private static final String SECRET = "TOP-SECRET";

    @TempDir
    Path tmp;
    private Path www;
    private SocketServer server;
    private int port;

    @BeforeEach
    void start() throws Exception {
        www = Files.createDirectories(tmp.resolve("www"));
        Files.writeString(tmp.resolve("secret.txt"), SECRET);
        Files.writeString(www.resolve("index.html"), "<!doctype html><p>directory index</p>");
        Files.writeString(www.resolve("style.css"), "body { color: red; }\n".repeat(40));
        Files.writeString(www.resolve("data.json"), "{\"a\":1}");
        Files.writeString(www.resolve("blob.bin"), "xyz");
        Files.writeString(www.resolve(".env"), SECRET);
        Files.write(www.resolve("big.txt"), new byte[2048]);
        Files.createDirectories(www.resolve("sub"));
        Files.writeString(www.resolve("sub/page.txt"), "page");
        Files.createSymbolicLink(www.resolve("link.txt"), tmp.resolve("secret.txt"));
        server = SocketServer.create(ServerOptions.builder()
                .staticContent(
                        StaticContent.classpath("/", "io/zapsocket/server/static-test"),
                        StaticContent.directory("/files/", www).toBuilder().maxFileSize(1024).build())
                .build());
        port = server.listen("127.0.0.1", 0).get(5, TimeUnit.SECONDS).getPort();
    }

    @AfterEach
    void stop() {
        server.close().orTimeout(10, TimeUnit.SECONDS).join();
    }

    private RawHttp.Response get(String target, Map<String, String> headers) throws Exception {
        return RawHttp.send(port, "GET", target, headers, null);
    }

    private RawHttp.Response get(String target) throws Exception {
        return get(target, Map.of());
    }

    @Test
    void servesClasspathFilesWithIndexContentTypeEtagAndCacheControl() throws Exception {
        RawHttp.Response index = get("/");
        assertThat(index.status()).isEqualTo(200);
        assertThat(index.text()).contains("hello from the class path");
        assertThat(index.header("Content-Type")).isEqualTo("text/html; charset=utf-8");
        assertThat(index.header("ETag")).matches("\"[A-Za-z0-9_-]+\"");
        assertThat(index.header("Cache-Control")).isEqualTo("public, max-age=0");
        assertThat(index.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(get("/index.html").text()).isEqualTo(index.text());
        assertThat(get("/index.html?v=2").header("ETag")).isEqualTo(index.header("ETag"));

        RawHttp.Response js = get("/app.js");
        assertThat(js.text()).isEqualTo("console.log(\"app\");\n");
        assertThat(js.header("Content-Type")).isEqualTo("application/javascript; charset=utf-8");
        assertThat(get("/sub/page.txt").header("Content-Type")).isEqualTo("text/plain; charset=utf-8");
    }

    @Test
    void servesDirectoryFiles() throws Exception {
        assertThat(get("/files/").text()).contains("directory index");
        assertThat(get("/files/data.json").header("Content-Type")).isEqualTo("application/json; charset=utf-8");
        assertThat(get("/files/blob.bin").header("Content-Type")).isEqualTo("application/octet-stream");
        assertThat(get("/files/sub/page.txt").text()).isEqualTo("page");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/app.js", "/files/", "/files/data.json"})
    void answers304WhenIfNoneMatchMatches(String target) throws Exception {
        String etag = get(target).header("ETag");
        RawHttp.Response again = get(target, Map.of("If-None-Match", etag));
        assertThat(again.status()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        assertThat(again.header("ETag")).isEqualTo(etag);
        assertThat(again.header("Cache-Control")).isEqualTo("public, max-age=0");
        assertThat(get(target, Map.of("If-None-Match", "\"other\", W/" + etag)).status()).isEqualTo(304);
        assertThat(get(target, Map.of("If-None-Match", "*")).status()).isEqualTo(304);
        assertThat(get(target, Map.of("If-None-Match", "\"other\"")).status()).isEqualTo(200);
    }

    @Test
    void directoryFileEtagChangesWhenTheFileChanges() throws Exception {
        String before = get("/files/data.json").header("ETag");
        Path f = www.resolve("data.json");
        Files.writeString(f, "{\"a\":22}");
        Files.setLastModifiedTime(f, FileTime.from(Instant.now().plusSeconds(5)));
        RawHttp.Response after = get("/files/data.json", Map.of("If-None-Match", before));
        assertThat(after.status()).isEqualTo(200);
        assertThat(after.text()).isEqualTo("{\"a\":22}");
        assertThat(after.header("ETag")).isNotEqualTo(before);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "/../secret.txt", "/files/../secret.txt", "/files/%2e%2e/secret.txt", "/files/%2E%2E%2Fsecret.txt",
            "/files/sub/..%2f..%2fsecret.txt", "/files/sub/%2e%2e/%2e%2e/secret.txt", "/files//etc/passwd",
            "/files/%2fetc%2fpasswd", "/files/..%5csecret.txt", "/files/%5c..%5csecret.txt",
            "/files/index.html%00.txt", "/files/%zz", "/files/%2", "/files/./index.html", "/files/sub/.",
            "/files/C:%5cwindows", "/files/%c0%ae%c0%ae/secret.txt", "/%2e%2e/%2e%2e/etc/passwd"})
    void refusesPathsThatCouldLeaveTheRoot(String target) throws Exception {
        RawHttp.Response r = get(target);
        assertThat(r.status()).as(target).isIn(400, 404);
        assertThat(r.text()).doesNotContain(SECRET);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/files/.env", "/files/%2eenv", "/.hidden", "/files/link.txt", "/files/big.txt",
            "/files/sub", "/files/sub/", "/files/missing.txt", "/missing.js", "/sub", "/files/%252e%252e/secret.txt"})
    void answers404ForHiddenFilesOutsideLinksLargeFilesDirectoriesAndMissingFiles(String target) throws Exception {
        RawHttp.Response r = get(target);
        assertThat(r.status()).as(target).isEqualTo(404);
        assertThat(r.text()).doesNotContain(SECRET);
    }

    @Test
    void gzipsTextForClientsThatAcceptIt() throws Exception {
        RawHttp.Response plain = get("/files/style.css");
        assertThat(plain.header("Content-Encoding")).isNull();
        assertThat(plain.header("Vary")).isEqualTo("Accept-Encoding");
        RawHttp.Response gz = get("/files/style.css", Map.of("Accept-Encoding", "gzip, deflate, br"));
        assertThat(gz.header("Content-Encoding")).isEqualTo("gzip");
        assertThat(gz.body().length).isLessThan(plain.body().length);
        byte[] unzipped = new GZIPInputStream(new ByteArrayInputStream(gz.body())).readAllBytes();
        assertThat(new String(unzipped, StandardCharsets.UTF_8)).isEqualTo(plain.text());
        assertThat(get("/files/style.css", Map.of("Accept-Encoding", "gzip;q=0")).header("Content-Encoding"))
                .isNull();
    }

    @Test
    void headAnswersHeadersWithoutBodyAndOtherMethodsGet405() throws Exception {
        RawHttp.Response head = RawHttp.send(port, "HEAD", "/app.js", Map.of(), null);
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.header("Content-Length")).isEqualTo("20");
        assertThat(head.body()).isEmpty();
        RawHttp.Response post = RawHttp.send(port, "POST", "/app.js", Map.of(), new byte[0]);
        assertThat(post.status()).isEqualTo(405);
        assertThat(post.header("Allow")).isEqualTo("GET, HEAD");
    }

    @Test
    void redirectsTheMountPrefixWithoutItsSlash() throws Exception {
        RawHttp.Response r = get("/files?x=1");
        assertThat(r.status()).isEqualTo(301);
        assertThat(r.header("Location")).isEqualTo("/files/?x=1");
    }

    @Test
    void theSocketIoEndpointAndTheClientStillWinOverARootMount() throws Exception {
        assertThat(get("/socket.io/?EIO=4&transport=polling").text()).startsWith("0{");
        assertThat(get("/socket.io/socket.io.min.js").text()).startsWith("/*!");
    }

    @Test
    void optionsRefuseMountsInsideTheEndpointDuplicatesAndAnEmptyClasspathRoot() {
        assertThatThrownBy(() -> ServerOptions.builder()
                .staticContent(StaticContent.directory("/socket.io/files", www)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("inside the Socket.IO path");
        assertThatThrownBy(() -> ServerOptions.builder()
                .staticContent(StaticContent.directory("/a", www), StaticContent.classpath("/a/", "x")).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("two static content mounts");
        assertThatThrownBy(() -> StaticContent.classpath("/", "/"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StaticContent.directory("/", www).toBuilder().indexFile("../x"))
                .isInstanceOf(IllegalArgumentException.class);
        StaticContent c = StaticContent.classpath("assets", "/web/");
        assertThat(c.urlPrefix()).isEqualTo("/assets/");
        assertThat(c.classpathRoot()).isEqualTo("web");
        assertThat(c.toBuilder().maxFileSize(10).build().maxFileSize()).isEqualTo(10);
    }
}
