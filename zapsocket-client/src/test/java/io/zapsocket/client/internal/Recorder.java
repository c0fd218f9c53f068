package io.zapsocket.client.internal;

import io.zapsocket.client.ClientListener;
import io.zapsocket.client.ClientSocket;
import io.zapsocket.protocol.DisconnectReason;
import io.zapsocket.protocol.Transport;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/** Records client and socket events in order; {@link #await} takes the first of a type (10 s bound). */
final class Recorder implements ClientListener {
    record Event(String type, Object value) {
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final LinkedList<Event> queue = new LinkedList<>();
    private final List<Event> all = new ArrayList<>();

    void add(String type, Object value) {
        lock.lock();
        try {
            Event e = new Event(type, value);
            queue.add(e);
            all.add(e);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    Object await(String type) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        lock.lock();
        try {
            while (true) {
                for (Iterator<Event> it = queue.iterator(); it.hasNext(); ) {
                    Event e = it.next();
                    if (e.type().equals(type)) {
                        it.remove();
                        return e.value();
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("no " + type + " within 10 s; queued: " + queue);
                }
                changed.await(left, TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } finally {
            lock.unlock();
        }
    }

    Throwable awaitError(String type) {
        return (Throwable) await(type);
    }

    List<Object> history(String type) {
        lock.lock();
        try {
            return all.stream().filter(e -> e.type().equals(type)).map(Event::value).toList();
        } finally {
            lock.unlock();
        }
    }

    /** Records the socket's lifecycle as {@code connect}, {@code disconnect}, {@code connect_error}, {@code error}. */
    ClientSocket record(ClientSocket s) {
        s.onConnect(() -> add("connect", s.id()));
        s.onDisconnect(r -> add("disconnect", r));
        s.onConnectError(e -> add("connect_error", e));
        s.onError(e -> add("socket_error", e));
        return s;
    }

    @Override
    public void onOpen() {
        add("open", null);
    }

    @Override
    public void onClose(DisconnectReason reason) {
        add("close", reason);
    }

    @Override
    public void onError(Throwable error) {
        add("error", error);
    }

    @Override
    public void onPing() {
        add("ping", null);
    }

    @Override
    public void onUpgrade(Transport transport) {
        add("upgrade", transport);
    }

    @Override
    public void onReconnectAttempt(int attempt) {
        add("reconnect_attempt", attempt);
    }

    @Override
    public void onReconnect(int attempt) {
        add("reconnect", attempt);
    }

    @Override
    public void onReconnectError(Throwable error) {
        add("reconnect_error", error);
    }

    @Override
    public void onReconnectFailed() {
        add("reconnect_failed", null);
    }
}
