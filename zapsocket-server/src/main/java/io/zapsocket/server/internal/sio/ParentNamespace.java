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

    /**
     * A new child, not listed yet: it has its adapter, so that sockets can run the middlewares against it, but it
     * appears nowhere (not in {@link #broadcastTargets()}, not announced) until one of them is accepted and
     * {@link #addChild} lists it.
     */
    DefaultNamespace newChild(String name) {
        DefaultNamespace child = new DefaultNamespace(serverImpl(), name, this);
        child.initAdapter();
        return child;
    }

    /** Lists a child whose first socket was accepted, and tells the child listeners. */
    void addChild(DefaultNamespace child) {
        children.put(child.name(), child);
        for (Consumer<Namespace> l : childListeners) {
            try {
                l.accept(child);
            } catch (RuntimeException e) {
                serverImpl().reportError(null, e);
            }
        }
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
