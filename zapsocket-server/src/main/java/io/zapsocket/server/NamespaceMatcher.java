package io.zapsocket.server;

import java.util.Map;

/**
 * Decides whether a dynamic namespace may be created for a name requested by a client.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface NamespaceMatcher {
    /**
     * @param name the requested namespace, e.g. {@code /room-42}
     * @param auth the CONNECT auth payload ({@code {}} when none)
     */
    boolean matches(String name, Map<String, Object> auth);
}
