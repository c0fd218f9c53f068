package io.zapsocket.client.internal;

import io.netty.resolver.AddressResolver;
import io.netty.resolver.AddressResolverGroup;
import io.netty.resolver.InetNameResolver;
import io.netty.util.NetUtil;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Promise;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Host name resolution with the JDK's resolver (hosts file, system DNS, its cache), but never on the I/O thread:
 * lookups run on one daemon thread that exists only while there is work (it ends after 10 s idle). IP literals are
 * resolved inline. Closed with the client.
 */
final class OffLoopResolverGroup extends AddressResolverGroup<InetSocketAddress> {
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final java.util.List<Thread> threads = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final ThreadPoolExecutor lookups = new ThreadPoolExecutor(1, 1, 10, TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(), r -> {
                Thread t = new Thread(r, "zapsocket-client-dns-" + THREADS.incrementAndGet());
                t.setDaemon(true);
                threads.add(t);
                return t;
            });

    OffLoopResolverGroup() {
        lookups.allowCoreThreadTimeOut(true);
    }

    @Override
    protected AddressResolver<InetSocketAddress> newResolver(EventExecutor executor) {
        return new InetNameResolver(executor) {
            @Override
            protected void doResolve(String host, Promise<InetAddress> promise) {
                if (NetUtil.isValidIpV4Address(host) || NetUtil.isValidIpV6Address(host)) {
                    resolveNow(host, promise);
                    return;
                }
                try {
                    lookups.execute(() -> resolveNow(host, promise));
                } catch (java.util.concurrent.RejectedExecutionException e) {
                    promise.tryFailure(new UnknownHostException(host + ": the client is closed"));
                }
            }

            @Override
            protected void doResolveAll(String host, Promise<List<InetAddress>> promise) {
                Runnable lookup = () -> {
                    try {
                        promise.trySuccess(Arrays.asList(InetAddress.getAllByName(host)));
                    } catch (UnknownHostException e) {
                        promise.tryFailure(e);
                    }
                };
                if (NetUtil.isValidIpV4Address(host) || NetUtil.isValidIpV6Address(host)) {
                    lookup.run();
                    return;
                }
                try {
                    lookups.execute(lookup);
                } catch (java.util.concurrent.RejectedExecutionException e) {
                    promise.tryFailure(new UnknownHostException(host + ": the client is closed"));
                }
            }
        }.asAddressResolver();
    }

    private static void resolveNow(String host, Promise<InetAddress> promise) {
        try {
            promise.trySuccess(InetAddress.getByName(host));
        } catch (UnknownHostException e) {
            promise.tryFailure(e);
        }
    }

    @Override
    public void close() {
        super.close();
        lookups.shutdownNow();
    }

    /** After {@link #close()}: waits (at most {@code millis}) for the lookup thread to end. */
    void awaitTermination(long millis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        lookups.awaitTermination(millis, TimeUnit.MILLISECONDS);
        for (Thread t : threads) {
            t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        }
    }
}
