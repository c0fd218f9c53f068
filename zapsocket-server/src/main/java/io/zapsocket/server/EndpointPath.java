package io.zapsocket.server;

import java.util.Objects;

/** The checks shared by the paths of the HTTP endpoints beside Socket.IO (publish API, Server-Sent Events). */
final class EndpointPath {
    private EndpointPath() {
    }

    /** {@code path} without a trailing slash; IAE unless it is an absolute path (like {@code example}). */
    static String normalize(String path, String example) {
        Objects.requireNonNull(path, "path");
        String p = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        if (!p.startsWith("/") || p.length() < 2 || p.contains("?") || p.contains("#")) {
            throw new IllegalArgumentException("path must be an absolute path like " + example + ": " + path);
        }
        return p;
    }

    /** Whether {@code endpoint} is the Socket.IO {@code path} or lies under it. */
    static boolean inside(String endpoint, String path) {
        return (endpoint + "/").startsWith(path.endsWith("/") ? path : path + "/");
    }
}
