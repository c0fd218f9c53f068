package io.zapsocket.client.internal;

import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The listeners of one kind (the client's {@code ClientListener}s, a socket's connect or disconnect listeners...):
 * added and removed from any thread, each one called as its own task on the {@link ListenerDispatcher}, so one that
 * throws never stops the others. Thread-safe.
 *
 * @param <L> the listener type
 */
final class ListenerList<L> {
    private final CopyOnWriteArrayList<L> list = new CopyOnWriteArrayList<>();

    /** Adds a listener. @throws NullPointerException for {@code null} */
    void add(L listener) {
        list.add(Objects.requireNonNull(listener, "listener"));
    }

    /** Removes one registration of {@code listener}; no-op if absent. */
    void remove(L listener) {
        list.remove(listener);
    }

    boolean isEmpty() {
        return list.isEmpty();
    }

    /** Calls {@code event} on every listener, each as a task of {@code dispatcher}; failures go to {@code onError}. */
    void fire(ListenerDispatcher dispatcher, Call<L> event, Consumer<Throwable> onError) {
        for (L l : list) {
            dispatcher.execute(() -> {
                try {
                    event.call(l);
                } catch (Throwable t) {
                    onError.accept(t);
                }
            });
        }
    }

    /** Calls {@code event} on every listener on the calling thread (already on the dispatcher). */
    void callHere(Call<L> event, Consumer<Throwable> onError) {
        for (L l : list) {
            try {
                event.call(l);
            } catch (Throwable t) {
                onError.accept(t);
            }
        }
    }

    /** A call of one listener, which may throw. */
    @FunctionalInterface
    interface Call<L> {
        void call(L listener) throws Exception;
    }
}
