package io.zapsocket.examples.demo;

import io.zapsocket.protocol.json.Json;
import io.zapsocket.server.RemoteSocket;
import io.zapsocket.server.ServerSideEmitTimeoutException;
import io.zapsocket.server.ServerSocket;
import io.zapsocket.server.SocketServer;
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
 * <em>before</em> asking (clustered: from Redis, {@link Shared#nextVersion}), and every node answers from its state
 * at the time it receives the question, which is after that; since every change triggers a refresh, the list with
 * the highest version reflects every change made before any other list's version was taken: the pages converge on
 * the current list. A node runs at most one refresh at a time; changes during it cause exactly one more (so a
 * burst of connections costs two queries, not one per connection).
 *
 * <p><b>Nodes that leave.</b> A closing node disconnects its sockets, and a node that dies (crash, {@code kill -9})
 * drops its Redis connections, which the OS closes at once: in both cases it no longer counts in
 * {@code serverCount()} (Redis's count of subscribers), but nobody is told. So the newest list records how many
 * nodes it was made of ({@link Shared#listed}, kept with its version in Redis), and every node compares that with
 * {@code serverCount()} every {@value #CHECK_SECONDS} s and refreshes when they differ: the users of a node that
 * died leave the lists within about that delay, whichever node made the last list and whenever the dead node
 * joined (a count remembered per node would miss a node that joined and died between two of its checks). A node
 * that joins without a connection of its own is listed the same way. A node that hangs with its connections open
 * (a network partition, a stopped process) still counts until Redis drops it (Redis's {@code tcp-keepalive}, 300 s
 * by default): meanwhile each list leaves its users out after the adapter's request timeout (5 s), records one
 * node less than {@code serverCount()}, and is asked again at each check, so the users come back when it answers
 * again. A refresh that fails (Redis unreachable) is retried at the next check.
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

    /** A list and the number of nodes that made it. */
    private record Listing(Snapshot snapshot, int nodes) {
    }

    /** What the nodes of a cluster share about the list (in Redis: {@link DemoRedis}). */
    interface Shared {
        /** A version higher than every one handed out before, on any node. */
        CompletionStage<Long> nextVersion();

        /** Records that the list of {@code version} was made of {@code nodes} nodes, if it is the newest. */
        CompletionStage<Void> listed(long version, int nodes);

        /** How many nodes the newest list was made of (0: none yet). */
        CompletionStage<Integer> nodesListed();
    }

    private final SocketServer io;
    private final Shared shared;
    /** 0: idle; 1: a refresh is running; 2: running, and another one is wanted after it. */
    private final AtomicInteger refreshes = new AtomicInteger();
    private volatile boolean failed;
    private ScheduledExecutorService checker;
    private Snapshot latest = new Snapshot(0, List.of(), 0); // guarded by this

    private Presence(SocketServer io, Shared shared) {
        this.io = io;
        this.shared = shared;
        io.onServerSideEmit(LIST_EVENT, (args, ack) -> local().thenAccept(part -> ack.send(part)));
    }

    /** One node: versions from a counter in this process. */
    static Presence single(SocketServer io) {
        AtomicLong counter = new AtomicLong();
        return new Presence(io, new Shared() {
            @Override
            public CompletionStage<Long> nextVersion() {
                return CompletableFuture.completedFuture(counter.incrementAndGet());
            }

            @Override
            public CompletionStage<Void> listed(long version, int nodes) {
                return CompletableFuture.completedFuture(null);
            }

            @Override
            public CompletionStage<Integer> nodesListed() {
                return CompletableFuture.completedFuture(1);
            }
        });
    }

    /** A node of a cluster sharing {@code shared} with the others; call {@link #startChecking} once it listens. */
    static Presence clustered(SocketServer io, Shared shared) {
        return new Presence(io, shared);
    }

    /** Starts comparing the node counts every {@value #CHECK_SECONDS} s (see "Nodes that leave"). */
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
        CompletionStage<Listing> query;
        try {
            query = query();
        } catch (RuntimeException e) {
            query = CompletableFuture.failedFuture(e);
        }
        query.whenComplete((listing, e) -> {
            if (e != null) {
                if (!failed) {
                    log.warn("presence refresh failed (retried every {} s): {}", CHECK_SECONDS,
                            Replies.cause(e).toString());
                }
                failed = true;
            } else {
                failed = false;
                publish(listing);
            }
            if (refreshes.decrementAndGet() > 0) {
                run();
            }
        });
    }

    /** Refreshes when the newest list was not made of every node there is now (or the last refresh failed). */
    private void check() {
        try {
            io.adapter().serverCount().thenCombine(shared.nodesListed(), (count, listed) -> !count.equals(listed))
                    .whenComplete((differ, e) -> {
                        if ((e == null && differ) || failed) {
                            refresh();
                        }
                    });
        } catch (RuntimeException e) {
            // a task that throws is never run again: log and keep checking
            log.warn("presence check failed: {}", e.toString());
        }
    }

    /** Version first, then the question: see "Ordering" in the class comment. */
    private CompletionStage<Listing> query() {
        return shared.nextVersion().thenCompose(version -> local().thenCombine(others(), (mine, theirs) -> {
            List<User> users = new ArrayList<>(mine.users());
            int total = mine.total();
            for (Part p : theirs) {
                users.addAll(p.users());
                total += p.total();
            }
            return new Listing(new Snapshot(version, bounded(users), total), 1 + theirs.size());
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

    private void publish(Listing listing) {
        Snapshot s = listing.snapshot();
        synchronized (this) {
            if (s.version() <= latest.version()) {
                return; // a newer one went out already
            }
            latest = s;
        }
        io.emit("presence", s);
        shared.listed(s.version(), listing.nodes()).whenComplete((v, e) -> {
            if (e != null) {
                failed = true; // the next check makes a new list, which records its nodes
            }
        });
    }

    @Override
    public synchronized void close() {
        if (checker != null) {
            checker.shutdownNow();
        }
    }
}
