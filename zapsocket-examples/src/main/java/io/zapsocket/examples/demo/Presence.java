package io.zapsocket.examples.demo;

import io.zapsocket.protocol.json.Json;
import io.zapsocket.server.RemoteSocket;
import io.zapsocket.server.ServerSideEmitTimeoutException;
import io.zapsocket.server.ServerSocket;
import io.zapsocket.server.SocketServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who is online, on every node: one entry per connected socket (a user with two tabs is listed twice), pushed to
 * every page as {@code presence {version, users:[{id, name}], total}} whenever it changes. At most
 * {@value #MAX_LISTED} users are listed (sorted by name); {@code total} counts them all.
 *
 * <p><b>Source of truth.</b> The sockets themselves: the list is never kept up to date by hand, it is asked for
 * again after each change ("refresh"): this node's sockets ({@code io.local().fetchSockets()}) plus the answers of
 * the other nodes to {@code serverSideEmitWithAck("demo:presence")}, each answering with its own local sockets (at
 * most {@value #MAX_LISTED} of them, and its count). That is what {@code io.fetchSockets()} does over the cluster
 * adapter, with two differences that matter here: a node that does not answer in time (frozen, cut off) costs the
 * list its sockets instead of failing the whole query (the timeout carries the others' answers), and an answer is
 * a bounded list of names, not every socket's handshake.
 *
 * <p><b>Ordering.</b> Refreshes on different nodes overlap, and broadcasts from different nodes arrive in any
 * order, so each list carries a version and the pages keep the highest they saw. The version is taken
 * <em>before</em> asking (clustered: from Redis, {@link DemoRedis#nextPresenceVersion}), and every node answers
 * from its state at the time it receives the question, which is after that; since every change triggers a
 * refresh, the list with the highest version reflects every change made before any other list's version was
 * taken: the pages converge on the current list. A node runs at most one refresh at a time; changes during it
 * cause exactly one more (so a burst of connections costs two queries, not one per connection).
 *
 * <p><b>Nodes that leave.</b> A closing node disconnects its sockets, and a node that dies (crash, {@code kill -9})
 * drops its Redis connections, which the OS closes at once: in both cases the node no longer counts in
 * {@code serverCount()} (Redis's count of subscribers). Every node compares that count every
 * {@value #CHECK_SECONDS} s and refreshes when it changed, so the users of a node that died leave the lists
 * within about that delay. A node that starts refreshes once too (its count changes), which also covers a node
 * dying while another starts. A node that hangs without its connections closing (a network partition, a stopped
 * process) still counts until Redis drops it (Redis's {@code tcp-keepalive}, 300 s by default): meanwhile each
 * refresh waits for its answer for the adapter's request timeout (5 s) and lists the others without its users.
 * A refresh that fails (Redis unreachable) is retried at the next check.
 */
final class Presence implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Presence.class);
    /** The server-side event that asks the other nodes for their sockets. */
    static final String LIST_EVENT = "demo:presence";
    static final int MAX_LISTED = 100;
    static final int CHECK_SECONDS = 5;
    private static final Comparator<User> BY_NAME = Comparator.comparing(User::name, String.CASE_INSENSITIVE_ORDER)
            .thenComparing(User::id);

    /** One online socket. */
    record User(String id, String name) {
    }

    /** The list at one version: at most {@value #MAX_LISTED} users, of {@code total}. */
    record Snapshot(long version, List<User> users, int total) {
    }

    /** One node's sockets, as it answers {@value #LIST_EVENT}. */
    record Part(int total, List<User> users) {
    }

    private final SocketServer io;
    private final Supplier<CompletionStage<Long>> versions;
    /** 0: idle; 1: a refresh is running; 2: running, and another one is wanted after it. */
    private final AtomicInteger refreshes = new AtomicInteger();
    private final AtomicInteger serverCount = new AtomicInteger(-1);
    private volatile boolean failed;
    private ScheduledExecutorService checker;
    private Snapshot latest = new Snapshot(0, List.of(), 0); // guarded by this

    private Presence(SocketServer io, Supplier<CompletionStage<Long>> versions) {
        this.io = io;
        this.versions = versions;
        io.onServerSideEmit(LIST_EVENT, (args, ack) -> local().thenAccept(part -> ack.send(part)));
    }

    /** One node: versions from a counter in this process. */
    static Presence single(SocketServer io) {
        AtomicLong counter = new AtomicLong();
        return new Presence(io, () -> CompletableFuture.completedFuture(counter.incrementAndGet()));
    }

    /** A node of a cluster: versions from {@code versions} (shared by the nodes); call {@link #startChecking}. */
    static Presence clustered(SocketServer io, Supplier<CompletionStage<Long>> versions) {
        return new Presence(io, versions);
    }

    /** Starts comparing the node count every {@value #CHECK_SECONDS} s (the first check refreshes). */
    synchronized void startChecking() {
        if (checker != null) {
            return;
        }
        checker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "demo-presence-check");
            t.setDaemon(true);
            return t;
        });
        checker.scheduleWithFixedDelay(this::check, 0, CHECK_SECONDS, TimeUnit.SECONDS);
    }

    void bind(ServerSocket socket) {
        refresh();
        socket.onDisconnect((reason, description) -> refresh());
    }

    /** The newest list this node computed (for {@code sync}; the refresh a connection triggers brings a fresh one). */
    synchronized Snapshot snapshot() {
        return latest;
    }

    /** Asks for the list again and pushes it to every page; coalesced (see the class comment). */
    void refresh() {
        if (refreshes.getAndUpdate(s -> Math.min(s + 1, 2)) == 0) {
            run();
        }
    }

    private void run() {
        CompletionStage<Snapshot> query;
        try {
            query = query();
        } catch (RuntimeException e) {
            query = CompletableFuture.failedFuture(e);
        }
        query.whenComplete((s, e) -> {
            if (e != null) {
                if (!failed) {
                    log.warn("presence refresh failed (retried every {} s): {}", CHECK_SECONDS,
                            Replies.cause(e).toString());
                }
                failed = true;
            } else {
                failed = false;
                publish(s);
            }
            if (refreshes.decrementAndGet() > 0) {
                run();
            }
        });
    }

    private void check() {
        io.adapter().serverCount().whenComplete((n, e) -> {
            if (e == null && (serverCount.getAndSet(n) != n || failed)) {
                refresh();
            }
        });
    }

    /** Version first, then the question: see "Ordering" in the class comment. */
    private CompletionStage<Snapshot> query() {
        return versions.get().thenCompose(version -> local().thenCombine(others(), (mine, theirs) -> {
            List<User> users = new ArrayList<>(mine.users());
            int total = mine.total();
            for (Part p : theirs) {
                users.addAll(p.users());
                total += p.total();
            }
            return new Snapshot(version, bounded(users), total);
        }));
    }

    /** This node's sockets. */
    private CompletionStage<Part> local() {
        return io.local().fetchSockets().thenApply(sockets -> {
            List<User> users = new ArrayList<>(sockets.size());
            for (RemoteSocket s : sockets) {
                if (s.data().get("name") instanceof String name) {
                    users.add(new User(s.id(), name));
                }
            }
            return new Part(users.size(), bounded(users));
        });
    }

    /** The other nodes' answers; those that did not answer in time are left out. */
    private CompletionStage<List<Part>> others() {
        return io.serverSideEmitWithAck(LIST_EVENT).handle((answers, e) -> {
            if (e != null) {
                Throwable cause = Replies.cause(e);
                if (!(cause instanceof ServerSideEmitTimeoutException t)) {
                    throw new CompletionException(cause);
                }
                log.debug("presence: a node did not answer in time ({}); listing the others", cause.getMessage());
                answers = t.responses();
            }
            List<Part> parts = new ArrayList<>(answers.size());
            for (Object a : answers) {
                if (a != null) {
                    parts.add(Json.convert(a, Part.class));
                }
            }
            return parts;
        });
    }

    private static List<User> bounded(List<User> users) {
        List<User> sorted = new ArrayList<>(users);
        sorted.sort(BY_NAME);
        return sorted.size() > MAX_LISTED ? List.copyOf(sorted.subList(0, MAX_LISTED)) : sorted;
    }

    private void publish(Snapshot s) {
        synchronized (this) {
            if (s.version() <= latest.version()) {
                return; // a newer one went out already
            }
            latest = s;
        }
        io.emit("presence", s);
    }

    @Override
    public synchronized void close() {
        if (checker != null) {
            checker.shutdownNow();
        }
    }
}
