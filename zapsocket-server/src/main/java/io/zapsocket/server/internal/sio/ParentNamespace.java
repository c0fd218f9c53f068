package io.zapsocket.server.internal.sio;

import io.zapsocket.server.Namespace;
import io.zapsocket.server.NamespaceMatcher;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A dynamic namespace family: children are created on demand for matching names; they inherit this namespace's
 * middlewares and connection listeners, and broadcasting here reaches every child.
 */
final class ParentNamespace extends DefaultNamespace {
    private final NamespaceMatcher matcher;
    private final ConcurrentHashMap<String, DefaultNamespace> children = new ConcurrentHashMap<>();
    private final CopyOnWriteArrayList<Consumer<Namespace>> childListeners = new CopyOnWriteArrayList<>();

    ParentNamespace(DefaultSocketServer server, String name, NamespaceMatcher matcher) {
        super(server, name, null);
        this.matcher = matcher;
    }

    boolean matches(String name, Map<String, Object> auth) {
        return matcher.matches(name, auth);
    }

    DefaultNamespace createChild(String name) {
        DefaultNamespace child = new DefaultNamespace(serverImpl(), name, this);
        child.initAdapter();
        children.put(name, child);
        for (Consumer<Namespace> l : childListeners) {
            try {
                l.accept(child);
            } catch (RuntimeException e) {
                serverImpl().reportError(null, e);
            }
        }
        return child;
    }

    void removeChild(DefaultNamespace child) {
        children.remove(child.name(), child);
    }

    @Override
    public Namespace onChild(Consumer<Namespace> listener) {
        childListeners.add(listener);
        return this;
    }

    @Override
    List<DefaultNamespace> broadcastTargets() {
        return new ArrayList<>(children.values());
    }

    @Override
    public Map<String, io.zapsocket.server.ServerSocket> sockets() {
        Map<String, io.zapsocket.server.ServerSocket> all = new LinkedHashMap<>();
        for (DefaultNamespace child : children.values()) {
            all.putAll(child.sockets());
        }
        return all;
    }
}
