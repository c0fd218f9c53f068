package io.zapsocket.bench.suite;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** CPU time and resident memory of a process, from Linux's {@code /proc}. */
public final class ProcStat {
    /** USER_HZ: the unit of utime/stime in /proc/[pid]/stat; 100 on every Linux architecture we run on. */
    static final long CLOCK_TICKS_PER_SECOND = 100;

    private ProcStat() {
    }

    /** User + system CPU time of the process (all its threads, alive or exited), in nanoseconds. */
    public static long cpuNanos(long pid) {
        String stat = read("/proc/" + pid + "/stat");
        // the command name (field 2) may contain spaces: fields are counted after its closing parenthesis
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
        return ticks * (1_000_000_000L / CLOCK_TICKS_PER_SECOND);
    }

    /**
     * CPU time of the process's live threads in nanoseconds, from {@code /proc/[pid]/task/[tid]/schedstat} (the
     * scheduler's nanosecond run time, not 10 ms ticks): for processes that use little CPU per operation, such as a
     * redis-server relaying a few hundred messages. Threads that exited are not counted.
     */
    public static long cpuNanosPrecise(long pid) {
        long sum = 0;
        try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path t : (Iterable<Path>) tasks::iterator) {
                try {
                    sum += Long.parseLong(Files.readString(t.resolve("schedstat")).split(" ")[0]);
                } catch (IOException e) {
                    // the thread exited meanwhile
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sum;
    }

    /** The machine's kernel slab memory ({@code Slab:} of {@code /proc/meminfo}) in bytes. */
    public static long slabBytes() {
        for (String l : read("/proc/meminfo").split("\n")) {
            if (l.startsWith("Slab:")) {
                return Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        throw new IllegalStateException("no Slab in /proc/meminfo");
    }

    /** Resident set size in bytes. */
    public static long rssBytes(long pid) {
        for (String l : read("/proc/" + pid + "/status").split("\n")) {
            if (l.startsWith("VmRSS:")) {
                return Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        throw new IllegalStateException("no VmRSS for " + pid);
    }

    public static long self() {
        return ProcessHandle.current().pid();
    }

    private static String read(String path) {
        try {
            return Files.readString(Path.of(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
