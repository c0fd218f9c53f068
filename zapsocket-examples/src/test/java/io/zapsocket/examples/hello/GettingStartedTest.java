package io.zapsocket.examples.hello;

import io.zapsocket.examples.JavaProgram;
import io.zapsocket.examples.ProjectFiles;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

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

    private final List<JavaProgram> programs = new ArrayList<>();

    @AfterEach
    void stopPrograms() throws InterruptedException {
        for (JavaProgram p : programs) {
            p.close();
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
        JavaProgram server = start(HelloServer.class, "0");   // port 0: a free port; the server prints the one it got
        Matcher listening = server.await(Pattern.compile("listening on (http://localhost:\\d+)"));

        JavaProgram client = start(HelloClient.class, listening.group(1));
        client.await(Pattern.compile("connected as \\S+"));
        client.await(Pattern.compile("server said: Hello, Java!"));
        assertThat(client.process().waitFor(60, TimeUnit.SECONDS)).as("the client exits after close()").isTrue();
        assertThat(client.process().exitValue()).isZero();
        assertThat(server.process().isAlive()).as("the server keeps serving").isTrue();
    }

    private JavaProgram start(Class<?> main, String argument) throws IOException {
        JavaProgram program = JavaProgram.start(main, argument);
        programs.add(program);
        return program;
    }

    private static String projectVersion() {
        Matcher m = Pattern.compile("<artifactId>zapsocket-parent</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(ProjectFiles.read("pom.xml"));
        assertThat(m.find()).isTrue();
        return m.group(1);
    }
}
