package io.zapsocket.server.adapter;

/**
 * Creates the adapter of each namespace. The default is {@link InMemoryAdapter#FACTORY}.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface AdapterFactory {
    Adapter create(AdapterContext context);
}
