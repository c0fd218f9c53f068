package io.zapsocket.client;

/**
 * An {@link EventListener} whose first argument is bound to {@code T} (a record, POJO or collection) with
 * {@link io.zapsocket.protocol.json.Json#convert(Object, Class)}. A first argument that does not fit the type is
 * reported to the socket's error listeners and the listener is not called.
 *
 * @param <T> the bound type
 * @since 0.1
 */
@FunctionalInterface
public interface TypedEventListener<T> {
    /**
     * @param value the first argument, bound
     * @param ack the acknowledgement to answer if {@link Ack#requested()}
     */
    void onEvent(T value, Ack ack) throws Exception;
}
