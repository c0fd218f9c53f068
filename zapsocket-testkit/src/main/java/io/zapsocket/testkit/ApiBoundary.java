package io.zapsocket.testkit;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.codeUnits;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The architecture rules of STYLE.md, checked on a module's main classes (ArchUnit):
 * <ul>
 *   <li>API and SPI packages don't touch Netty at all (no Netty type in a signature, a field or a call), so a user
 *       never needs Netty on the compile class path and a Netty upgrade never breaks the API (Convention 2);</li>
 *   <li>no public or protected member of a public API type mentions an {@code internal} type (Convention 1: the
 *       internal tier stays internal);</li>
 *   <li>no class named {@code *Util}, {@code *Utils}, {@code *Helper} (Convention 13) or {@code *Impl}
 *       (Convention 11: implementation classes are {@code Default*});</li>
 *   <li>every public type of an API package has {@code @since} in its javadoc (Convention 1);</li>
 *   <li>every package under {@code src/main/java} (relative to the working directory: the module) has a
 *       {@code package-info.java} (Convention 12);</li>
 *   <li>the module descriptor ({@code target/classes/module-info.class}) exports exactly the API packages, to
 *       everyone, and never an {@code internal} package (Convention 1, enforced by the JVM on the module path).</li>
 * </ul>
 * Usage, in a module's tests: {@code ApiBoundary.check("io.zapsocket.server", "io.zapsocket.server",
 * "io.zapsocket.server.adapter")}.
 */
public final class ApiBoundary {
    private ApiBoundary() {
    }

    /**
     * Checks the rules on every main class under {@code root}; throws {@link AssertionError} listing each violation.
     *
     * @param apiPackages the exported API/SPI packages (exactly these packages, not their sub-packages)
     */
    public static void check(String root, String... apiPackages) {
        JavaClasses all = mainClasses(root);
        if (all.isEmpty()) {
            throw new AssertionError("no classes found under " + root);
        }
        List<String> failures = new ArrayList<>();
        run(failures, noClasses().that().resideInAnyPackage(apiPackages)
                .should().dependOnClassesThat().resideInAPackage("io.netty..")
                .because("the public API has no Netty types (STYLE.md, Convention 2)"), all);
        run(failures, codeUnits().that().areDeclaredInClassesThat().resideInAnyPackage(apiPackages)
                .and().areDeclaredInClassesThat().arePublic()
                .and(exported())
                .should(notMentionInternalTypes())
                .because("internal types stay out of the API (STYLE.md, Convention 1)"), all);
        run(failures, fields().that().areDeclaredInClassesThat().resideInAnyPackage(apiPackages)
                .and().areDeclaredInClassesThat().arePublic()
                .and().arePublic()
                .should(new ArchCondition<JavaField>("not have an internal type") {
                    @Override
                    public void check(JavaField field, ConditionEvents events) {
                        for (JavaClass t : field.getType().getAllInvolvedRawTypes()) {
                            if (isInternal(t)) {
                                events.add(SimpleConditionEvent.violated(field,
                                        field.getFullName() + " has " + t.getName()));
                            }
                        }
                    }
                })
                .allowEmptyShould(true), all);
        run(failures, classes().that().resideInAPackage(root + "..")
                .should().haveSimpleNameNotEndingWith("Util")
                .andShould().haveSimpleNameNotEndingWith("Utils")
                .andShould().haveSimpleNameNotEndingWith("Helper")
                .andShould().haveSimpleNameNotEndingWith("Impl")
                .because("no util dumping grounds, implementation classes are Default* (STYLE.md, 11 and 13)"), all);
        Path sources = Path.of("src", "main", "java");
        if (Files.isDirectory(sources)) {
            Set<String> withoutInfo = packagesWithoutInfo(sources);
            if (!withoutInfo.isEmpty()) {
                failures.add("packages without package-info.java (STYLE.md, Convention 12): " + withoutInfo);
            }
            List<String> withoutSince = publicTypesWithoutSince(sources, apiPackages);
            if (!withoutSince.isEmpty()) {
                failures.add("public API types without @since (STYLE.md, Convention 1): " + withoutSince);
            }
        }
        String exports = exportsMismatch(Path.of("target", "classes", "module-info.class"), apiPackages);
        if (exports != null) {
            failures.add(exports);
        }
        if (!failures.isEmpty()) {
            throw new AssertionError(String.join("\n\n", failures));
        }
    }

    /**
     * Whether a qualified export is an internal hook between Zap-Socket's own modules: an {@code internal} package
     * exported only to {@code io.zapsocket.*} modules (e.g. the server's engine to the WebTransport module). Such a
     * package is invisible to applications on the module path and is not API.
     */
    static boolean isFriendExport(ModuleDescriptor.Exports e) {
        return e.source().contains(".internal") && !e.targets().isEmpty()
                && e.targets().stream().allMatch(t -> t.startsWith("io.zapsocket."));
    }

    /** Null when the compiled descriptor exports exactly {@code apiPackages}, unqualified; else what differs. */
    static String exportsMismatch(Path descriptor, String... apiPackages) {
        if (!Files.isRegularFile(descriptor)) {
            return "no module descriptor at " + descriptor.toAbsolutePath()
                    + ": every library module has src/main/java/module-info.java";
        }
        ModuleDescriptor module;
        try (InputStream in = Files.newInputStream(descriptor)) {
            module = ModuleDescriptor.read(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Set<String> exported = new TreeSet<>();
        List<String> problems = new ArrayList<>();
        for (ModuleDescriptor.Exports e : module.exports()) {
            if (e.isQualified() && isFriendExport(e)) {
                continue; // an internal hook for another Zap-Socket module: not part of the API
            }
            exported.add(e.source());
            if (e.isQualified()) {
                problems.add(e.source() + " is exported only to " + e.targets());
            }
        }
        Set<String> expected = new TreeSet<>(Arrays.asList(apiPackages));
        if (!exported.equals(expected)) {
            problems.add("module " + module.name() + " exports " + exported + " but its API packages are " + expected);
        }
        return problems.isEmpty() ? null : "module-info (STYLE.md, Convention 1): " + String.join("; ", problems);
    }

    private static Set<String> packagesWithoutInfo(Path sources) {
        Set<String> missing = new LinkedHashSet<>();
        try (Stream<Path> dirs = Files.walk(sources)) {
            for (Path dir : (Iterable<Path>) dirs.filter(Files::isDirectory)::iterator) {
                try (Stream<Path> files = Files.list(dir)) {
                    boolean hasJava = files.anyMatch(f -> f.toString().endsWith(".java")
                            && !f.getFileName().toString().equals("module-info.java"));
                    if (hasJava && !Files.exists(dir.resolve("package-info.java"))) {
                        missing.add(sources.relativize(dir).toString().replace(java.io.File.separatorChar, '.'));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return missing;
    }

    /** The module's own main classes in {@code packages} and their sub-packages (no tests, nothing from jars). */
    static JavaClasses mainClasses(String... packages) {
        return new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                .importPackages(packages);
    }

    private static List<String> publicTypesWithoutSince(Path sources, String... apiPackages) {
        List<String> missing = new ArrayList<>();
        for (String pkg : apiPackages) {
            Path dir = sources.resolve(pkg.replace('.', '/'));
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : (Iterable<Path>) files.filter(x -> x.toString().endsWith(".java"))::iterator) {
                    String text = Files.readString(f);
                    boolean publicType = text.lines().anyMatch(l -> l.startsWith("public "));
                    if (publicType && !text.contains("@since")) {
                        missing.add(pkg + "." + f.getFileName().toString().replace(".java", ""));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return missing;
    }

    private static void run(List<String> failures, com.tngtech.archunit.lang.ArchRule rule, JavaClasses classes) {
        var result = rule.evaluate(classes);
        if (result.hasViolation()) {
            failures.add(result.getFailureReport().toString());
        }
    }

    private static DescribedPredicate<JavaCodeUnit> exported() {
        return DescribedPredicate.describe("public or protected", (JavaCodeUnit u) ->
                u.getModifiers().contains(JavaModifier.PUBLIC) || u.getModifiers().contains(JavaModifier.PROTECTED));
    }

    private static ArchCondition<JavaCodeUnit> notMentionInternalTypes() {
        return new ArchCondition<>("not mention internal types in their signature") {
            @Override
            public void check(JavaCodeUnit unit, ConditionEvents events) {
                List<JavaType> types = new ArrayList<>(unit.getParameterTypes());
                types.add(unit.getReturnType());
                for (JavaType type : types) {
                    for (JavaClass t : type.getAllInvolvedRawTypes()) {
                        if (isInternal(t)) {
                            events.add(SimpleConditionEvent.violated(unit,
                                    unit.getFullName() + " mentions " + t.getName()));
                        }
                    }
                }
                for (JavaClass t : unit.getThrowsClause().getTypes()) {
                    if (isInternal(t)) {
                        events.add(SimpleConditionEvent.violated(unit, unit.getFullName() + " throws " + t.getName()));
                    }
                }
            }
        };
    }

    private static boolean isInternal(JavaClass t) {
        return Arrays.asList(t.getPackageName().split("\\.")).contains("internal");
    }
}
