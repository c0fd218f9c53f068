package io.zapsocket.emitter;

import java.util.concurrent.CompletionStage;

/**
 * Where an {@link Emitter} sends its messages: a Redis {@code PUBLISH} in production
 * ({@link Emitter#create(EmitterOptions)}), anything else in tests or for another broker.
 *
 * @since 0.1.0
 */
public interface Publisher extends AutoCloseable {
    /**
     * Publishes {@code message} on {@code channel}; completes with the number of subscribers that received it (as
     * Redis's {@code PUBLISH} answers), or exceptionally when the broker could not take it. Never blocks.
     */
    CompletionStage<Long> publish(String channel, byte[] message);

    /** Releases the connection; later publishes fail. */
    @Override
    void close();
}
