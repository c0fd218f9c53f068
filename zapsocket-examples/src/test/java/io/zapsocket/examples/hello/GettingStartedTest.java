package io.zapsocket.examples.hello;

import io.zapsocket.examples.ProjectFiles;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The README's getting started never rots: its Hello world blocks are the files of io.zapsocket.examples.hello (so
 * the compiler checks them), its other Java blocks are regions of compiled files (ReadmeFragments), the two Hello
 * world programs run against each other as a reader would run them (two JVMs), and the first screen shows the
 * coordinates at the project's version and the two set-up commands.
 */
class GettingStartedTest {

    private static final String SERVER = "zapsocket-examples/src/main/java/io/zapsocket/examples/hello/HelloServer.java";
    private static final String CLIENT = "zapsocket-examples/src/main/java/io/zapsocket/examples/hello/HelloClient.java";
    /** What a person sees without scrolling, roughly: the coordinates and commands must be in it. */
    private static final int FIRST_SCREEN_LINES = 70;

    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void stopProcesses() throws InterruptedException {
        for (Process p : processes) {
            p.destroy();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void readmeAndGuideShowTheHelloWorldFilesVerbatim() {
        for (String document : List.of("README.md", "docs/getting-started.md")) {
            Map<String, String> snippets = MarkdownSnippets.of(ProjectFiles.read(document));
            assertThat(snippets).as(document).containsKeys(SERVER, CLIENT);
            snippets.forEach((key, block) -> assertThat(block)
                    .as("%s: the block marked <!-- snippet: %s --> must equal that file (without its package line)"
                            + " or that region of it", document, key)
                    .isEqualTo(MarkdownSnippets.shown(key, ProjectFiles.read(MarkdownSnippets.file(key)))));
        }
    }

    @Test
    void everyJavaBlockOfTheReadmeIsCompiled() {
        String readme = ProjectFiles.read("README.md");
        long javaBlocks = readme.lines().filter(line -> line.equals("```java")).count();
        long compiled = MarkdownSnippets.of(readme).values().size();
        assertThat(compiled)
                .as("every ```java block of README.md follows a <!-- snippet: path/File.java[#region] --> line naming"
                        + " the compiled file it shows (see MarkdownSnippets)")
                .isEqualTo(javaBlocks);
    }

    @Test
    void readmeFirstScreenGivesCoordinatesAndTheTwoSetUpCommands() {
        String version = projectVersion();
        String firstScreen = String.join("\n",
                ProjectFiles.read("README.md").lines().limit(FIRST_SCREEN_LINES).toList());
        assertThat(firstScreen)
                .contains("<artifactId>zapsocket-bom</artifactId>", "<version>" + version + "</version>",
                        "<scope>import</scope>", "<artifactId>zapsocket-server</artifactId>",
                        "<artifactId>zapsocket-client</artifactId>")
                .contains("scripts/run-demo.sh", "scripts/test.sh");
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void helloServerAnswersHelloClient() throws Exception {
        Output server = start(HelloServer.class, "0");   // port 0: any free port; the server prints the one it got
        Matcher listening = server.await(Pattern.compile("listening on (http://localhost:\\d+)"));

        Output client = start(HelloClient.class, listening.group(1));
        client.await(Pattern.compile("connected as \\S+"));
        client.await(Pattern.compile("server said: Hello, Java!"));
        assertThat(processes.get(1).waitFor(60, TimeUnit.SECONDS)).as("the client exits after close()").isTrue();
        assertThat(processes.get(1).exitValue()).isZero();
        assertThat(processes.get(0).isAlive()).as("the server keeps serving").isTrue();
    }

    private Output start(Class<?> main, String argument) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", main.getName(), argument)
                .redirectErrorStream(true)
                .start();
        processes.add(process);
        return new Output(main.getSimpleName(), process);
    }

    private static String projectVersion() {
        Matcher m = Pattern.compile("<artifactId>zapsocket-parent</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(ProjectFiles.read("pom.xml"));
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    /** A child process's output lines, read on a daemon thread; {@link #await} waits for one matching line. */
    private static final class Output {
        private final String name;
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final StringBuilder seen = new StringBuilder();

        Output(String name, Process process) {
            this.name = name;
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = in.readLine()) != null; ) {
                        lines.add(line);
                    }
                } catch (IOException ignored) {
                    // the process was stopped
                }
            }, name + "-output");
            reader.setDaemon(true);
            reader.start();
        }

        Matcher await(Pattern pattern) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline) {
                String line = lines.poll(1, TimeUnit.SECONDS);
                if (line == null) {
                    continue;
                }
                seen.append(line).append('\n');
                Matcher m = pattern.matcher(line);
                if (m.find()) {
                    return m;
                }
            }
            return fail("%s printed no line matching %s within 60 s; it printed:%n%s", name, pattern, seen);
        }
    }
}
