package io.zapsocket.examples.demo;

import java.net.URI;
import java.util.Objects;

/**
 * The demo's command line: {@code [--port N] [--host H] [--redis URL] [--metrics-port N]}.
 *
 * @param host     interface to listen on (default {@code 0.0.0.0})
 * @param port     default 3000; 0 picks a free port
 * @param redisUrl {@code redis://host:port[/db]} for the clustered mode ({@link DemoServer#startClustered}), or
 *                 {@code null} (in-memory)
 * @param metricsPort the Prometheus scrape endpoint's port (default {@value #DEFAULT_METRICS_PORT}; 0 picks a free
 *                    port; -1: none)
 */
record DemoArgs(String host, int port, URI redisUrl, int metricsPort) {
    static final int DEFAULT_METRICS_PORT = 9464;
    static final String USAGE = "usage: scripts/run-demo.sh [--port N] [--host H] [--redis redis://host:port[/db]]"
            + " [--metrics-port N]";

    DemoArgs {
        Objects.requireNonNull(host, "host");
    }

    DemoArgs(String host, int port, URI redisUrl) {
        this(host, port, redisUrl, DEFAULT_METRICS_PORT);
    }

    /** Parses the arguments; {@link IllegalArgumentException} with a message for the user if they are wrong. */
    static DemoArgs parse(String... args) {
        String host = "0.0.0.0";
        int port = 3000;
        URI redis = null;
        int metricsPort = DEFAULT_METRICS_PORT;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String value;
            String name;
            int eq = a.indexOf('=');
            if (a.startsWith("--") && eq > 0) {
                name = a.substring(0, eq);
                value = a.substring(eq + 1);
            } else {
                name = a;
                value = null;
            }
            switch (name) {
                case "--port" -> {
                    String v = value != null ? value : next(args, ++i, name);
                    try {
                        port = Integer.parseInt(v);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("--port must be a number: " + v);
                    }
                    if (port < 0 || port > 65535) {
                        throw new IllegalArgumentException("--port must be in 0-65535: " + port);
                    }
                }
                case "--host" -> host = value != null ? value : next(args, ++i, name);
                case "--redis" -> {
                    String v = value != null ? value : next(args, ++i, name);
                    try {
                        redis = URI.create(v);
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException("--redis must be a URL: " + v);
                    }
                    if (!"redis".equals(redis.getScheme()) && !"rediss".equals(redis.getScheme())
                            || redis.getHost() == null) {
                        throw new IllegalArgumentException("--redis must look like redis://host:port[/db]: " + v);
                    }
                }
                case "--metrics-port" -> {
                    String v = value != null ? value : next(args, ++i, name);
                    try {
                        metricsPort = Integer.parseInt(v);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("--metrics-port must be a number: " + v);
                    }
                    if (metricsPort < -1 || metricsPort > 65535) {
                        throw new IllegalArgumentException("--metrics-port must be in -1-65535: " + metricsPort);
                    }
                }
                default -> throw new IllegalArgumentException("unknown argument: " + a);
            }
        }
        return new DemoArgs(host, port, redis, metricsPort);
    }

    private static String next(String[] args, int i, String name) {
        if (i >= args.length) {
            throw new IllegalArgumentException(name + " needs a value");
        }
        return args[i];
    }
}
