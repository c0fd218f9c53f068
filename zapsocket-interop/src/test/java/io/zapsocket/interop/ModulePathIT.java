package io.zapsocket.interop;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The libraries on the module path, as a modular application uses them: a tiny module that {@code requires
 * io.zapsocket.server} and {@code io.zapsocket.client} is compiled with {@code javac --module-path} and run with
 * {@code java --module-path} (a server, a client, an event each way and an acknowledgement), and the same module
 * cannot compile against an {@code internal} package. The test suite itself runs on the class path.
 */
class ModulePathIT {
    /** What the application's module path holds: our libraries and their runtime dependencies, nothing of the tests. */
    private static final Pattern MODULE_PATH_ENTRY = Pattern.compile(
            ".*(zapsocket-(protocol|server|client)[/\\\\-](target[/\\\\]classes|[0-9][^/\\\\]*\\.jar)"
                    + "|/netty-[^/]*\\.jar|/jackson-(core|databind|annotations)-[^/]*\\.jar|/slf4j-api-[^/]*\\.jar"
                    + "|/msgpack-core-[^/]*\\.jar)$");

    private static final String MODULE_INFO = """
            module demo.app {
                requires io.zapsocket.server;
                requires io.zapsocket.client;
            }
            """;

    private static final String MAIN = """
            package demo.app;

            import io.zapsocket.client.ClientOptions;
            import io.zapsocket.client.ClientSocket;
            import io.zapsocket.client.SocketClient;
            import io.zapsocket.protocol.Args;
            import io.zapsocket.server.ServerOptions;
            import io.zapsocket.server.SocketServer;
            import java.util.concurrent.CompletableFuture;
            import java.util.concurrent.TimeUnit;

            public final class Main {
                public static void main(String[] argv) throws Exception {
                    SocketServer server = SocketServer.create(ServerOptions.builder().build());
                    server.onConnection(socket -> {
                        socket.on("hello", (args, ack) -> ack.send("hello " + args.getString(0)));
                        socket.emit("welcome", socket.id());
                    });
                    int port = server.listen("127.0.0.1", 0).get(10, TimeUnit.SECONDS).getPort();
                    CompletableFuture<String> welcome = new CompletableFuture<>();
                    try (SocketClient client = SocketClient.create("http://127.0.0.1:" + port,
                            ClientOptions.builder().build())) {
                        ClientSocket socket = client.socket("/");
                        socket.on("welcome", (args, ack) -> welcome.complete(args.getString(0)));
                        socket.connect();
                        Args reply = socket.emitWithAck("hello", "modules").get(10, TimeUnit.SECONDS);
                        System.out.println("ack: " + reply.getString(0));
                        System.out.println("welcome: " + (welcome.get(10, TimeUnit.SECONDS) != null));
                        System.out.println("module: " + SocketServer.class.getModule().getName());
                    }
                    server.close().get(10, TimeUnit.SECONDS);
                }
            }
            """;

    private static final String PEEKS_INSIDE = """
            package demo.app;

            final class PeeksInside {
                Object session = io.zapsocket.server.internal.engine.DefaultEngineSession.class;
            }
            """;

    @Test
    void aModularApplicationRunsServerAndClientFromTheModulePath(@TempDir Path dir) throws Exception {
        String modulePath = modulePath();
        Path src = write(dir, MAIN);
        Path out = dir.resolve("out");
        String errors = compile(modulePath, out, src);
        assertThat(errors).as("javac --module-path").isEmpty();

        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "--module-path", out + File.pathSeparator + modulePath,
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "--module", "demo.app/demo.app.Main")
                .redirectErrorStream(true).start();
        boolean exited = p.waitFor(60, TimeUnit.SECONDS);
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!exited) {
            p.destroyForcibly();
        }
        assertThat(exited).as("exited in time; output:%n%s", output).isTrue();
        assertThat(p.exitValue()).as("exit code; output:%n%s", output).isZero();
        assertThat(output).contains("ack: hello modules", "welcome: true", "module: io.zapsocket.server");
    }

    @Test
    void internalPackagesAreNotExported(@TempDir Path dir) throws Exception {
        Path src = write(dir, PEEKS_INSIDE);
        String errors = compile(modulePath(), dir.resolve("out"), src);
        assertThat(errors).contains("io.zapsocket.server.internal.engine").contains("not visible");
    }

    private static Path write(Path dir, String type) throws Exception {
        Path src = dir.resolve("src");
        Files.createDirectories(src.resolve("demo/app"));
        Files.writeString(src.resolve("module-info.java"), MODULE_INFO);
        String name = type.contains("class PeeksInside") ? "PeeksInside.java" : "Main.java";
        Files.writeString(src.resolve("demo/app/" + name), type);
        return src;
    }

    private static String compile(String modulePath, Path out, Path src) throws Exception {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        List<String> args = new ArrayList<>(List.of("--module-path", modulePath, "-d", out.toString(),
                "--release", "17"));
        try (var files = Files.walk(src)) {
            files.filter(f -> f.toString().endsWith(".java")).forEach(f -> args.add(f.toString()));
        }
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = javac.run(null, null, err, args.toArray(String[]::new));
        String text = err.toString(StandardCharsets.UTF_8);
        return rc == 0 ? text.strip() : "javac exit " + rc + ":\n" + text;
    }

    private static String modulePath() {
        List<String> entries = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(e -> MODULE_PATH_ENTRY.matcher(e.replace('\\', '/')).matches())
                .filter(e -> !e.contains("tcnative") && !e.contains("-tests.jar"))
                .collect(Collectors.toList());
        assertThat(entries).as("module path from the class path %s", System.getProperty("java.class.path"))
                .anyMatch(e -> e.contains("zapsocket-server"))
                .anyMatch(e -> e.contains("zapsocket-client"))
                .anyMatch(e -> e.contains("zapsocket-protocol"));
        return String.join(File.pathSeparator, entries);
    }
}
