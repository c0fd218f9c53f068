package io.zapsocket.bench.load;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The load generator's network side: one epoll event loop (the generator gets one core, and one thread makes every
 * client callback single-threaded, so counters are plain fields), loopback only, and several 127.0.0.x source
 * addresses so that large connection counts do not run out of ephemeral ports. Sockets bind their source address
 * with {@code IP_BIND_ADDRESS_NO_PORT}: the port is picked at connect time per 4-tuple.
 *
 * <p>Thread-safety: {@link #connect} and {@link #call} may be called from any thread; everything else of the
 * clients runs on {@link #loop()}.
 */
public final class LoadGen implements AutoCloseable {
    private final EventLoopGroup group;
    private final InetSocketAddress target;
    private final InetAddress[] sources;
    private int nextSource;

    /**
     * @param host    the server's address; must be a loopback address
     * @param port    the server's port
     * @param sources number of source addresses 127.0.0.1 ... 127.0.0.{sources}
     */
    public LoadGen(String host, int port, int sources) {
        this(host, port, 0, sources);
    }

    /**
     * @param host    the server's address; must be a loopback address
     * @param port    the server's port
     * @param subnet  source addresses are 127.{subnet}.0.1 ... 127.{subnet}.0.{sources} (0..255): generator
     *                processes that share a server port use different subnets, so that they never compete for
     *                the ~28 000 ephemeral ports of one source address
     * @param sources number of source addresses
     */
    public LoadGen(String host, int port, int subnet, int sources) {
        InetAddress addr;
        try {
            addr = InetAddress.getByName(host);
            this.sources = new InetAddress[sources];
            for (int i = 0; i < sources; i++) {
                this.sources[i] = InetAddress.getByAddress(new byte[]{127, (byte) subnet, 0, (byte) (i + 1)});
            }
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
        if (!addr.isLoopbackAddress()) {
            throw new IllegalArgumentException("the load generator only targets loopback addresses: " + host);
        }
        this.target = new InetSocketAddress(addr, port);
        this.group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
    }

    public InetSocketAddress target() {
        return target;
    }

    public EventLoop loop() {
        return group.next();
    }

    /** Opens a TCP connection to the target with {@code handler} as its only handler. */
    public ChannelFuture connect(ChannelHandler handler) {
        return connect(handler, target.getPort());
    }

    /** Opens a TCP connection to {@code port} of the target's address (another server process of a cluster). */
    public ChannelFuture connect(ChannelHandler handler, int port) {
        InetAddress src = sources[Math.floorMod(nextSource++, sources.length)];
        return new Bootstrap().group(group).channel(EpollSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(EpollChannelOption.IP_BIND_ADDRESS_NO_PORT, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 30_000)
                .handler(handler)
                .connect(new InetSocketAddress(target.getAddress(), port), new InetSocketAddress(src, 0));
    }

    /** Runs {@code task} on the loop and waits for its result. */
    public <T> T call(Callable<T> task) {
        try {
            return loop().submit(task).get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs {@code task} on the loop and waits for it. */
    public void run(Runnable task) {
        call(() -> {
            task.run();
            return null;
        });
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
