package io.zapsocket.client.internal;

import io.zapsocket.protocol.BlockingOperationException;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A future the client returns: a {@link CompletableFuture} whose blocking waits fail fast with
 * {@link BlockingOperationException} when made, while it is not complete, on one of the client's own threads (the
 * listener dispatcher, which completes it, or the I/O thread). Dependent stages ({@code thenApply}...) are
 * client futures too.
 *
 * @param <T> the result type
 */
final class ClientFuture<T> extends CompletableFuture<T> {
    private final DefaultSocketClient client;

    ClientFuture(DefaultSocketClient client) {
        this.client = client;
    }

    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() {
        return new ClientFuture<>(client);
    }

    @Override
    public T get() throws InterruptedException, ExecutionException {
        checkNotBlockingOwnThread();
        return super.get();
    }

    @Override
    public T get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
        checkNotBlockingOwnThread();
        return super.get(timeout, unit);
    }

    @Override
    public T join() {
        checkNotBlockingOwnThread();
        return super.join();
    }

    private void checkNotBlockingOwnThread() {
        if (!isDone() && client.onOwnThread()) {
            throw new BlockingOperationException("blocking wait (join/get) on a future of the Socket.IO client on "
                    + "the client's own thread (" + Thread.currentThread().getName() + "): that thread completes "
                    + "the future, so it would wait forever. Use thenAccept/whenComplete, or wait on another thread");
        }
    }
}
