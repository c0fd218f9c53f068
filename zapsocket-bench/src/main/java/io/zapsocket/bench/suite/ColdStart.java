package io.zapsocket.bench.suite;

import io.zapsocket.bench.load.LoadGen;
import io.zapsocket.bench.scenario.Scenarios;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Cold start and memory as operators see them (issue 20): the Zap-Socket server variants that differ only in how
 * the JVM runs, and the {@code storm-cold-N} scenario (a connect storm on a process that has just started).
 *
 * <ul>
 *   <li>{@code zap-lean}: the suite's JDK with the memory settings the README recommends ({@link #LEAN_FLAGS},
 *       {@code MALLOC_ARENA_MAX=2});</li>
 *   <li>{@code zap-25}: JDK 25 ({@code BENCH_JAVA25}, default {@value #JAVA25}) with the suite's JVM flags;</li>
 *   <li>{@code zap-aot}: {@code zap-25} plus an AOT cache ({@code -XX:AOTCache}, JEP 483/514/515: classes loaded and
 *       linked, method profiles) made by a training run of this suite ({@link #trainAot});</li>
 *   <li>{@code zap-lean-aot}: JDK 25 with the lean settings and an AOT cache trained with them: the two cold-start
 *       measures of the README's <em>JVM settings</em> together;</li>
 *   <li>{@code zap-vt}: {@code zap-25} with handlers on a virtual-thread executor ({@code --handlers=virtual}).</li>
 * </ul>
 * The JDK 25 variants run from jars (an AOT cache does not take classes from directories), the others from the
 * suite's class path.
 */
final class ColdStart {
    static final String JAVA25 = "/usr/lib/jvm/temurin-25-jdk-amd64/bin/java";
    /** The suite's flags for the Java servers (BenchSuite.spec). */
    static final List<String> SUITE_FLAGS = List.of("-Xms1g", "-Xmx4g", "-XX:+UseSerialGC",
            "-Dio.netty.leakDetection.level=disabled");
    /**
     * The memory settings docs/benchmarks/README.md recommends: a small, fixed young generation (the eden is what a
     * handshake burst touches before the first GC: with {@code -Xms1g} SerialGC sizes it at ~1/3 of the heap, all of
     * it resident after a storm), a heap that starts small and grows, a bounded direct-memory limit, and (in the
     * environment) {@code MALLOC_ARENA_MAX=2} for the JVM's native allocations.
     */
    static final List<String> LEAN_FLAGS = List.of("-Xms64m", "-Xmx1g", "-Xmn24m", "-XX:+UseSerialGC",
            "-XX:MaxDirectMemorySize=256m", "-Xss512k", "-Dio.netty.leakDetection.level=disabled");
    static final Map<String, String> LEAN_ENV = Map.of("MALLOC_ARENA_MAX", "2");

    private ColdStart() {
    }

    static String java25() {
        String j = System.getenv("BENCH_JAVA25");
        return j != null && !j.isBlank() ? j : JAVA25;
    }

    static boolean hasJava25() {
        return new File(java25()).canExecute();
    }

    /** The server variants of this class. */
    static boolean isVariant(String id) {
        return List.of("zap-lean", "zap-25", "zap-aot", "zap-lean-aot", "zap-vt").contains(id);
    }

    /** The AOT cache file of {@code zap-aot} or {@code zap-lean-aot} (made by {@link #trainAot}). */
    static Path aotCache(String id) {
        return Path.of("zapsocket-bench", "target", "bench-aot", id + ".aot").toAbsolutePath();
    }

    /** The spec of a variant ({@link #isVariant}). */
    static ServerSpec spec(String id, List<String> extraJvm) {
        String main = "io.zapsocket.bench.server.ZapBenchServer";
        return switch (id) {
            case "zap-lean" -> new ServerSpec(id, "Zap-Socket, lean JVM", concat(List.of(javaHere()), LEAN_FLAGS,
                    extraJvm, List.of("-cp", System.getProperty("java.class.path"), main)), LEAN_ENV, true);
            case "zap-25" -> new ServerSpec(id, "Zap-Socket, JDK 25", java25(SUITE_FLAGS, extraJvm, List.of(), main),
                    Map.of(), true);
            case "zap-aot" -> aotServer(id, id, "Zap-Socket, JDK 25 + AOT cache", extraJvm,
                    List.of("-XX:AOTCache=" + aotCache(id), "-XX:AOTMode=auto"));
            case "zap-lean-aot" -> aotServer(id, id, "Zap-Socket, JDK 25 + AOT cache, lean JVM", extraJvm,
                    List.of("-XX:AOTCache=" + aotCache(id), "-XX:AOTMode=auto"));
            case "zap-vt" -> new ServerSpec(id, "Zap-Socket, JDK 25, handlers on virtual threads",
                    concat(java25(SUITE_FLAGS, extraJvm, List.of(), main), List.of("--handlers=virtual")), Map.of(),
                    true);
            default -> throw new IllegalArgumentException("not a cold-start variant: " + id);
        };
    }

    private static List<String> java25(List<String> flags, List<String> extraJvm, List<String> more, String main) {
        return concat(List.of(java25(), "--enable-native-access=ALL-UNNAMED"), flags, extraJvm, more,
                List.of("-cp", jarClassPath(), main));
    }

    /**
     * The JDK 25 command of {@code variant} ({@code zap-aot}: the suite's flags; {@code zap-lean-aot}: the lean ones
     * and their environment) with {@code aot}, the options that use its cache or, for the training run, write it.
     */
    private static ServerSpec aotServer(String variant, String id, String label, List<String> extraJvm,
                                        List<String> aot) {
        boolean lean = variant.equals("zap-lean-aot");
        return new ServerSpec(id, label, java25(lean ? LEAN_FLAGS : SUITE_FLAGS, extraJvm, aot,
                "io.zapsocket.bench.server.ZapBenchServer"), lean ? LEAN_ENV : Map.of(), true);
    }

    private static String javaHere() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * The suite's class path with every {@code <module>/target/classes} directory replaced by that module's jar
     * ({@code target/<module>-<version>.jar}, made by {@code mvn package}, which scripts/bench.sh runs).
     */
    static String jarClassPath() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator)).map(e -> {
            Path p = Path.of(e);
            if (!Files.isDirectory(p) || !p.getFileName().toString().equals("classes")) {
                return e;
            }
            Path target = p.getParent();
            String module = target.toAbsolutePath().getParent().getFileName().toString();
            try (Stream<Path> s = Files.list(target)) {
                return s.filter(f -> {
                    String n = f.getFileName().toString();
                    return n.startsWith(module + "-") && n.endsWith(".jar") && !n.endsWith("-sources.jar")
                            && !n.endsWith("-javadoc.jar") && !n.endsWith("-tests.jar");
                }).map(Path::toString).findFirst().orElse(e);
            } catch (IOException ex) {
                return e;
            }
        }).collect(Collectors.joining(File.pathSeparator));
    }

    /**
     * The training run of {@code zap-aot} or {@code zap-lean-aot}: the variant's JDK 25 command with
     * {@code -XX:AOTCacheOutput}, driven by the suite's warm-up (echo, fan-out, polling) and two storms, then stopped;
     * the JVM writes the cache as it exits. Returns null when the cache was written, or why not.
     */
    static String trainAot(String id, File log, String cpu, List<String> extraJvm, double seconds) {
        Path cache = aotCache(id);
        try {
            Files.createDirectories(cache.getParent());
            Files.deleteIfExists(cache);
        } catch (IOException e) {
            return "cannot prepare " + cache + ": " + e;
        }
        ServerSpec training = aotServer(id, id + "-training", "AOT training", extraJvm,
                List.of("-XX:AOTCacheOutput=" + cache));
        ServerProcess server = ServerProcess.start(training, cpu, log);
        boolean exited;
        try (LoadGen gen = new LoadGen("127.0.0.1", server.port(), 8)) {
            Scenarios sc = new Scenarios(gen, server);
            sc.connectStorm(2_000, 500, 60);
            sc.warmUp(seconds, true);
            sc.connectStorm(2_000, 500, 60);
        } finally {
            // the cache is assembled at exit (a second JVM, "AOTMode=create"): give it time
            exited = server.closeAndAwaitExit(300);
        }
        if (!exited) {
            return "the training JVM did not exit within 300 s";
        }
        return Files.isRegularFile(cache) ? null : "no AOT cache written (see " + log + ")";
    }

    @SafeVarargs
    private static List<String> concat(List<String>... parts) {
        List<String> l = new ArrayList<>();
        for (List<String> p : parts) {
            l.addAll(p);
        }
        return l;
    }
}
