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
