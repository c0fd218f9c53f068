package io.zapsocket.bench.server;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The {@code --name=value} command lines of the processes the suite starts (the benchmark servers, the idle-client
 * generator): each option at most once, unknown ones refused.
 */
public final class MainArgs {
    private final Map<String, String> values = new HashMap<>();

    /** @throws IllegalArgumentException for an argument that is not {@code --name=value} with a known name */
    public MainArgs(String[] argv, String... names) {
        Set<String> known = Set.of(names);
        for (String a : argv) {
            int eq = a.indexOf('=');
            String name = a.startsWith("--") && eq > 2 ? a.substring(2, eq) : null;
            if (name == null || !known.contains(name)) {
                throw new IllegalArgumentException("unknown argument: " + a);
            }
            values.put(name, a.substring(eq + 1));
        }
    }

    public String string(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    public int integer(String name, int fallback) {
        String v = values.get(name);
        return v == null ? fallback : Integer.parseInt(v);
    }

    public double decimal(String name, double fallback) {
        String v = values.get(name);
        return v == null ? fallback : Double.parseDouble(v);
    }
}
