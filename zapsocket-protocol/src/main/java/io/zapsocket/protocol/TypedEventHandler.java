package io.zapsocket.protocol;

/**
 * Handles one received event whose first argument is bound to a type (record, POJO, collection) with
 * {@link io.zapsocket.protocol.json.Json#convert(Object, Class)}. Same threading and isolation as
 * {@link EventHandler}; a first argument that does not bind is reported to the error listeners and the handler is
 * not called.
 *
 * @param <T> the type of the first argument
 * @since 0.1
 */
@FunctionalInterface
public interface TypedEventHandler<T> {
    /**
     * @param payload the first argument, bound
     * @param ack     the acknowledgement to answer if {@link Ack#requested()}
     * @throws Exception reported to the socket's error listeners
     */
    void handle(T payload, Ack ack) throws Exception;
}
