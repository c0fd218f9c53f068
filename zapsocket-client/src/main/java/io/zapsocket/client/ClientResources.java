package io.zapsocket.client;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

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
    private final EventLoopGroup group;

    private ClientResources(int ioThreads) {
        this.group = new MultiThreadIoEventLoopGroup(ioThreads,
                new DefaultThreadFactory("zapsocket-client-io", true), NioIoHandler.newFactory());
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
        return group.isShuttingDown();
    }

    /** The Netty group, for {@link SocketClient#create(String, ClientOptions, ClientResources)}. */
    EventLoopGroup group() {
        return group;
    }

    /** Stops the threads; clients still using them stop working. Returns once they are terminated. */
    public CompletableFuture<Void> closeAsync() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).addListener(f -> done.complete(null));
        return done;
    }

    @Override
    public void close() {
        closeAsync().join();
    }
}
