package io.zapsocket.client;

import io.zapsocket.client.internal.IoThreads;

import java.util.concurrent.CompletableFuture;

/**
 * I/O threads shared by several {@link SocketClient}s (each client's connection lives on one of them). Without it,
 * every client has its own single I/O thread. The owner closes it after closing its clients; the threads are
 * daemon threads.
 *
 * <p>Thread-safe.
 *
 * @since 0.1
 */
public final class ClientResources implements AutoCloseable {
    private final IoThreads threads;

    private ClientResources(int ioThreads) {
        this.threads = new IoThreads(ioThreads);
    }

    /**
     * @param ioThreads the number of I/O threads, {@code >= 1}
     * @return new resources
     * @throws IllegalArgumentException if {@code ioThreads < 1}
     */
    public static ClientResources create(int ioThreads) {
        if (ioThreads < 1) {
            throw new IllegalArgumentException("ioThreads must be >= 1: " + ioThreads);
        }
        return new ClientResources(ioThreads);
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        return threads.isShuttingDown();
    }

    /** The threads, for {@link SocketClient#create(String, ClientOptions, ClientResources)}. */
    IoThreads threads() {
        return threads;
    }

    /** Stops the threads; clients still using them stop working. Completes once they have ended. */
    public CompletableFuture<Void> closeAsync() {
        return threads.shutdown();
    }

    /** Stops the threads and returns once they have ended (at most about 5 s). */
    @Override
    public void close() {
        threads.shutdownAndWait();
    }
}
