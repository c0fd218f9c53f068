package io.zapsocket.client.internal;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** The Netty side of {@code ClientResources}: daemon I/O threads shared by several clients. Thread-safe. */
public final class IoThreads {
    private final EventLoopGroup group;

    public IoThreads(int threads) {
        this.group = new MultiThreadIoEventLoopGroup(threads,
                new DefaultThreadFactory("zapsocket-client-io", true), NioIoHandler.newFactory());
    }

    public EventLoopGroup group() {
        return group;
    }

    public boolean isShuttingDown() {
        return group.isShuttingDown();
    }

    /** Completes once every thread has terminated. */
    public CompletableFuture<Void> shutdown() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).addListener(f -> done.complete(null));
        return done;
    }
}
