package io.zapsocket.server;

/**
 * Handles an event whose first argument is bound to {@code T} (a record or POJO) with Jackson. If binding fails,
 * the handler is not called: the error goes to the error listeners and, if an acknowledgement was requested, it
 * is answered with {@code {"error":"invalid payload","message":...}}.
 *
 * @param <T> the payload type
 * @since 0.1
 */
@FunctionalInterface
public interface TypedEventHandler<T> {
    void handle(T payload, Ack ack) throws Exception;
}
