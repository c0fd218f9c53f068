package io.zapsocket.bench.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.IntSupplier;

/**
 * The control protocol of the Java benchmark servers, the same as the Node ones' ({@code node/bench-server.js}):
 * one line {@code {"port":N}} on stdout when listening; on stdin, {@code stats} prints
 * {@code {"heapUsed":bytes,"rss":bytes,"sockets":n}} after a full GC, {@code count} prints {@code {"sockets":n}};
 * end of stdin ends the process, so a server
 * never outlives the harness that started it.
 */
final class ServerControl {
    private ServerControl() {
    }

    static void ready(int port) {
        System.out.println("{\"port\":" + port + "}");
        System.out.flush();
    }

    /** Serves stdin commands until end of input, then runs {@code onExit} and exits. */
    static void serve(IntSupplier sockets, Runnable onExit) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                String cmd = line.trim();
                if (cmd.equals("stats")) {
                    System.out.println(stats(sockets.getAsInt()));
                } else if (cmd.equals("count")) {
                    System.out.println("{\"sockets\":" + sockets.getAsInt() + "}");
                }
                System.out.flush();
            }
        } catch (IOException e) {
            // stdin gone: exit like at end of input
        }
        try {
            onExit.run();
        } finally {
            System.exit(0);
        }
    }

    private static String stats(int sockets) {
        MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
        System.gc();
        System.gc();
        long heap = mem.getHeapMemoryUsage().getUsed();
        return "{\"heapUsed\":" + heap + ",\"rss\":" + rss() + ",\"sockets\":" + sockets + "}";
    }

    static long rss() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (l.startsWith("VmRSS:")) {
                    return Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux
        }
        return -1;
    }
}
