package io.zapsocket.examples.build;

import io.zapsocket.examples.ProjectFiles;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * zapsocket-bom lists every library module (a module with src/main/java/module-info.java, or a starter: a module
 * named {@code *-starter}, which has no code, only dependencies), at the project's
 * version, and nothing else; the root pom builds it first and manages the same modules. The BOM has no parent (so
 * importing it pins only Zap-Socket), hence these checks instead of inheritance.
 */
class BomTest {

    private static final String GROUP = "io.zapsocket";

    private final Path root = ProjectFiles.root();
    private final Document parent = parse(root.resolve("pom.xml"));
    private final Document bom = parse(root.resolve("zapsocket-bom/pom.xml"));

    @Test
    void listsEveryLibraryModuleAndOnlyThose() throws IOException {
        Set<String> libraries = libraryModules();
        assertThat(libraries).as("library modules found").contains("zapsocket-protocol", "zapsocket-server");

        assertThat(managedArtifacts(bom))
                .as("zapsocket-bom/pom.xml must list every module with a module-info.java (add the new module there)")
                .containsExactlyInAnyOrderElementsOf(libraries);
    }

    @Test
    void everyLibraryModuleIsBuiltAndManagedByTheParent() throws IOException {
        assertThat(modules()).as("root pom <modules>").containsAll(libraryModules());
        assertThat(managedArtifacts(parent)).as("root pom <dependencyManagement>").containsAll(libraryModules());
    }

    @Test
    void isTheFirstModuleOfTheBuild() {
        assertThat(modules()).first().isEqualTo("zapsocket-bom");
    }

    @Test
    void pinsTheProjectVersionAndCarriesTheParentsMetadata() {
        String version = text(parent.getDocumentElement(), "version");
        Element bomProject = bom.getDocumentElement();
        assertThat(child(bomProject, "parent")).as("the BOM has no parent").isNull();
        assertThat(text(bomProject, "groupId")).isEqualTo(GROUP);
        assertThat(text(bomProject, "version")).as("BOM version = parent version").isEqualTo(version);
        for (Element dependency : managedDependencies(bom)) {
            assertThat(text(dependency, "groupId")).isEqualTo(GROUP);
            assertThat(text(dependency, "version")).as(text(dependency, "artifactId")).isEqualTo(version);
        }
        for (String name : List.of("url", "licenses", "developers", "scm")) {
            assertThat(normalized(child(bomProject, name))).as(name)
                    .isEqualTo(normalized(child(parent.getDocumentElement(), name)));
        }
    }

    /**
     * Directories of the checkout with a pom.xml and a module descriptor, or named {@code *-starter}, whether in
     * <modules> or not.
     */
    private Set<String> libraryModules() throws IOException {
        Set<String> names = new TreeSet<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root, Files::isDirectory)) {
            for (Path dir : dirs) {
                if (Files.isRegularFile(dir.resolve("pom.xml"))
                        && (Files.isRegularFile(dir.resolve("src/main/java/module-info.java"))
                                || dir.getFileName().toString().endsWith("-starter"))) {
                    names.add(dir.getFileName().toString());
                }
            }
        }
        return names;
    }

    private List<String> modules() {
        List<String> names = new ArrayList<>();
        NodeList list = child(parent.getDocumentElement(), "modules").getElementsByTagName("module");
        for (int i = 0; i < list.getLength(); i++) {
            names.add(list.item(i).getTextContent().trim());
        }
        return names;
    }

    private static Set<String> managedArtifacts(Document pom) {
        Set<String> names = new TreeSet<>();
        for (Element dependency : managedDependencies(pom)) {
            if (GROUP.equals(text(dependency, "groupId")) && !"zapsocket-bom".equals(text(dependency, "artifactId"))) {
                names.add(text(dependency, "artifactId"));
            }
        }
        return names;
    }

    private static List<Element> managedDependencies(Document pom) {
        Element management = child(pom.getDocumentElement(), "dependencyManagement");
        List<Element> dependencies = new ArrayList<>();
        for (Node n = child(management, "dependencies").getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals("dependency")) {
                dependencies.add(e);
            }
        }
        return dependencies;
    }

    private static Element child(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                return e;
            }
        }
        return null;
    }

    private static String text(Element parent, String name) {
        Element e = child(parent, name);
        return e == null ? null : e.getTextContent().trim();
    }

    private static String normalized(Element e) {
        return e == null ? null : e.getTextContent().replaceAll("\\s+", " ").trim();
    }

    private static Document parse(Path pom) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return factory.newDocumentBuilder().parse(pom.toFile());
        } catch (Exception e) {
            throw new IllegalStateException("cannot read " + pom, e);
        }
    }
}
