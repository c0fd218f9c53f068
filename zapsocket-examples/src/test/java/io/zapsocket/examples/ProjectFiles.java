package io.zapsocket.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The checkout the tests run in: the root directory (the one with zapsocket-bom/) and its files. */
public final class ProjectFiles {

    private ProjectFiles() {
    }

    /** The repository root, found upwards from the working directory (the module's directory under surefire). */
    public static Path root() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("zapsocket-bom/pom.xml")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no zapsocket-bom/pom.xml above " + Path.of("").toAbsolutePath());
    }

    /** A file of the repository as text, line ends normalized to \n. */
    public static String read(String relativePath) {
        try {
            return Files.readString(root().resolve(relativePath), StandardCharsets.UTF_8).replace("\r\n", "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
