package io.zapsocket.server;

/**
 * Which I/O transport the server's event loops use ({@link ServerOptions.Builder#ioTransport}). Native transports
 * need their optional dependency on the class path ({@code netty-transport-native-io_uring} /
 * {@code netty-transport-native-epoll} with the {@code linux-x86_64} or {@code linux-aarch_64} classifier) and a
 * kernel that allows them; when the chosen one is not available the server falls back to the next in the order
 * io_uring, epoll, NIO, and logs why at INFO. {@link ServerOptions#nativeTransport()} {@code false} means NIO whatever
 * is chosen here.
 *
 * @since 0.2
 */
public enum IoTransport {
    /**
     * The default: io_uring when available, else epoll, else NIO, without an INFO line for the ones skipped (a
     * server without {@code netty-transport-native-io_uring} on its class path, or in a container whose seccomp
     * profile refuses io_uring, runs on epoll as before).
     */
    AUTO,
    /**
     * io_uring (Linux 5.14+, not disabled by {@code kernel.io_uring_disabled} or a seccomp profile), else epoll, else
     * NIO, with an INFO line when it falls back. It submits the sends of a whole loop tick (one per connection a
     * broadcast reaches) in one system call, where epoll makes one per connection: the cheapest fan-out.
     */
    IO_URING,
    /** epoll (Linux), never io_uring. */
    EPOLL,
    /** Java NIO: portable, no native library. */
    NIO
}
