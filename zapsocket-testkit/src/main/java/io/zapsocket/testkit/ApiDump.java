package io.zapsocket.testkit;

import com.tngtech.archunit.core.domain.JavaClass;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A text dump of a module's public API (every public type of the API packages with its public and protected
 * members, generic signatures included), compared with the dump committed in the module ({@code api/<module>.api},
 * as OkHttp keeps one): any change to the API — an accidental one above all — fails the build until the dump is
 * updated in the same commit, so API changes are deliberate and reviewed as a diff.
 *
 * <p>Update after an intended change: {@code ./mvnw test -Dtest=ArchitectureTest -Dzapsocket.api.update=true}
 * (with {@code -pl <module>}); the file is rewritten and the test passes.
 */
public final class ApiDump {
    /** The system property that rewrites the committed dump instead of comparing. */
    public static final String UPDATE_PROPERTY = "zapsocket.api.update";

    private ApiDump() {
    }

    /**
     * Compares the API of {@code apiPackages} (exactly these packages) with {@code dumpFile}; throws
     * {@link AssertionError} with a line diff when they differ or the file is missing.
     */
    public static void verify(Path dumpFile, String... apiPackages) {
        String actual = dump(apiPackages);
        if (Boolean.getBoolean(UPDATE_PROPERTY)) {
            try {
                Files.createDirectories(dumpFile.toAbsolutePath().getParent());
                Files.writeString(dumpFile, actual);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return;
        }
        if (!Files.exists(dumpFile)) {
            throw new AssertionError("no API dump at " + dumpFile.toAbsolutePath() + "; create it with -D"
                    + UPDATE_PROPERTY + "=true");
        }
        String expected;
        try {
            expected = Files.readString(dumpFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!expected.equals(actual)) {
            throw new AssertionError("the public API differs from " + dumpFile + " (if intended, rerun with -D"
                    + UPDATE_PROPERTY + "=true and commit the file):\n" + diff(expected, actual));
        }
    }

    /** The dump: one block per public type, sorted, members sorted. */
    public static String dump(String... apiPackages) {
        Set<String> packages = Set.of(apiPackages);
        TreeMap<String, List<String>> types = new TreeMap<>();
        for (JavaClass jc : ApiBoundary.mainClasses(apiPackages)) {
            if (!packages.contains(jc.getPackageName())) {
                continue;
            }
            Class<?> c;
            try {
                c = Class.forName(jc.getName(), false, ApiDump.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
            if (isExported(c)) {
                types.put(c.getName(), describe(c));
            }
        }
        StringBuilder out = new StringBuilder();
        types.forEach((name, lines) -> {
            for (String l : lines) {
                out.append(l).append('\n');
            }
            out.append('\n');
        });
        return out.toString();
    }

    private static boolean isExported(Class<?> c) {
        for (Class<?> k = c; k != null; k = k.getDeclaringClass()) {
            if (!Modifier.isPublic(k.getModifiers()) || k.isAnonymousClass() || k.isLocalClass()) {
                return false;
            }
        }
        return !c.isSynthetic();
    }

    private static List<String> describe(Class<?> c) {
        List<String> lines = new ArrayList<>();
        StringBuilder head = new StringBuilder(Modifier.toString(c.getModifiers() & ~Modifier.INTERFACE
                & ~(c.isInterface() ? Modifier.ABSTRACT : 0)));
        head.append(head.length() > 0 ? " " : "").append(kind(c)).append(' ').append(c.getTypeName());
        if (c.getTypeParameters().length > 0) {
            head.append(Arrays.toString(c.getTypeParameters()).replace('[', '<').replace(']', '>'));
        }
        if (c.getGenericSuperclass() != null && c.getSuperclass() != Object.class && !c.isEnum() && !c.isRecord()) {
            head.append(" extends ").append(c.getGenericSuperclass().getTypeName());
        }
        if (c.getGenericInterfaces().length > 0) {
            head.append(c.isInterface() ? " extends " : " implements ");
            head.append(String.join(", ", Arrays.stream(c.getGenericInterfaces()).map(t -> t.getTypeName()).toList()));
        }
        lines.add(head.toString());
        TreeSet<String> members = new TreeSet<>();
        for (Field f : c.getDeclaredFields()) {
            if (exported(f) && !f.isSynthetic()) {
                members.add("  " + f.toGenericString());
            }
        }
        for (Constructor<?> k : c.getDeclaredConstructors()) {
            if (exported(k) && !k.isSynthetic()) {
                members.add("  " + k.toGenericString());
            }
        }
        for (Method m : c.getDeclaredMethods()) {
            if (exported(m) && !m.isSynthetic() && !m.isBridge()) {
                members.add("  " + m.toGenericString());
            }
        }
        lines.addAll(members);
        return lines;
    }

    private static String kind(Class<?> c) {
        if (c.isAnnotation()) {
            return "@interface";
        }
        if (c.isInterface()) {
            return "interface";
        }
        if (c.isEnum()) {
            return "enum";
        }
        if (c.isRecord()) {
            return "record";
        }
        return "class";
    }

    private static boolean exported(Member m) {
        return Modifier.isPublic(m.getModifiers()) || Modifier.isProtected(m.getModifiers());
    }

    private static String diff(String expected, String actual) {
        List<String> e = expected.lines().toList();
        List<String> a = actual.lines().toList();
        Set<String> eSet = new TreeSet<>(e);
        Set<String> aSet = new TreeSet<>(a);
        StringBuilder out = new StringBuilder();
        for (String l : e) {
            if (!l.isEmpty() && !aSet.contains(l)) {
                out.append("- ").append(l).append('\n');
            }
        }
        for (String l : a) {
            if (!l.isEmpty() && !eSet.contains(l)) {
                out.append("+ ").append(l).append('\n');
            }
        }
        return out.toString();
    }
}
