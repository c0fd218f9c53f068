package io.zapsocket.redis.internal;

import io.lettuce.core.Range;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.XAddArgs;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends this node's entries to the streams, in order, and makes sure that an entry Redis confirmed is not lost
 * when Redis restarts without persistence.
 *
 * <p>Entries go through an outbox on a connection this class re-establishes itself (Lettuce would replay the commands
 * in flight after a reconnection, ahead of anything this class does). Up to 256 {@code XADD}s are pipelined; when the
 * connection breaks, the ones without a reply are put back at the head of the outbox, in order. Each entry carries a
 * per-node sequence number ({@code zseq}, ignored by Node nodes) so that Zap-Socket readers drop a copy they have
 * already applied.
 *
 * <p>After every reconnection, before sending anything else, it checks that the last entry Redis confirmed for each
 * stream is still there. If it is not (Redis restarted empty), the entries confirmed during the last
 * {@value #REPLAY_MILLIS} ms (at most {@value #REPLAY_MAX}) are appended again first: a reader that had not read them
 * yet gets them, in order; a Zap-Socket reader that had drops the copies; a Node reader may see them twice.
 *
 * <p>On a Redis Cluster each stream has its own connection, to the master of its slot (see {@code route}), so that
 * a failover cannot reorder a stream's entries.
 *
 * <p>Bounded: at most {@code maxQueuedCommands} entries wait (beyond, {@link #xadd} fails at once).
 */
final class StreamPublisher {
    private static final Logger log = LoggerFactory.getLogger(StreamPublisher.class);
    static final String SEQ_FIELD = "zseq";
    private static final int PIPELINE = 256;
    private static final long REPLAY_MILLIS = 10_000;
    private static final int REPLAY_MAX = 1000;

    private final RedisLink link;
    private final Deque<Item> queue = new ArrayDeque<>();
    private final Deque<Item> inflight = new ArrayDeque<>();
    private final Deque<Item> recent = new ArrayDeque<>();
    private final Map<String, String> lastConfirmed = new HashMap<>();
    private final java.util.Set<String> watched = new java.util.HashSet<>();
    /**
     * The connections entries are sent on, by route: one for every stream on a single Redis ({@code ""}), one per
     * stream (to the master of its slot) on a Redis Cluster.
     */
    private final Map<String, RedisConn> connections = new HashMap<>();
    /** Routes whose connection is being opened. */
    private final java.util.Set<String> opening = new java.util.HashSet<>();
    private int generation;
    /** A cluster still failing over: no connection is opened before the delay ends (see broken). */
    private boolean backingOff;
    private int attempts;
    private int failuresSinceConfirm;
    private long seq;

    private static final class Item {
        final String stream;
        final Map<String, byte[]> body;
        final CompletableFuture<String> result; // null for a replayed entry
        long confirmedAt;

        Item(String stream, Map<String, byte[]> body, CompletableFuture<String> result) {
            this.stream = stream;
            this.body = body;
            this.result = result;
        }
    }

    StreamPublisher(RedisLink link) {
        this.link = link;
        if (!link.isCluster()) {
            synchronized (this) {
                open("");
            }
        }
    }

    /**
     * On a Redis Cluster each stream has its own connection to the master of its slot: Lettuce's routing cluster
     * connection would hold the entries sent to a master that died in that node's buffer while later entries, once
     * its slot map names the new master, go there at once; the held ones fail only at their timeout and are sent
     * again after them (the stream then has them out of order, and readers that drop older numbers as copies lost
     * them: see {@link SeqWindow}). On one connection to one node, entries are appended in the order they are sent,
     * or fail together.
     */
    private String route(String stream) {
        return link.isCluster() ? stream : "";
    }

    /** Appends an entry; completes with its id once Redis confirmed it. */
    synchronized CompletableFuture<String> xadd(String stream, Map<String, byte[]> body) {
        if (queue.size() + inflight.size() >= link.options().maxQueuedCommands()) {
            link.countFailure();
            return CompletableFuture.failedFuture(new IllegalStateException(
                    "stream outbox full (" + link.options().maxQueuedCommands() + " entries waiting for Redis)"));
        }
        if (watched.add(stream)) {
            // on a Redis Cluster, when the stream's slot gets a new master: XADDs waiting on the old one are sent
            // again at once on a new connection (they would wait for their timeout otherwise)
            link.onMasterChange(stream, () -> {
                synchronized (this) {
                    if (connections.containsKey(route(stream))) {
                        broken();
                    }
                }
            });
        }
        Map<String, byte[]> withSeq = new LinkedHashMap<>(body);
        withSeq.put(SEQ_FIELD, Long.toString(++seq).getBytes(StandardCharsets.US_ASCII));
        Item item = new Item(stream, withSeq, new CompletableFuture<>());
        queue.add(item);
        pump();
        return item.result;
    }

    private void pump() {
        while (!queue.isEmpty() && inflight.size() < PIPELINE) {
            RedisConn connection = connections.get(route(queue.peek().stream));
            if (connection == null) {
                open(route(queue.peek().stream)); // in order: what follows waits for it
                return;
            }
            Item item = queue.poll();
            inflight.add(item);
            int gen = generation;
            connection.async().xadd(item.stream,
                    XAddArgs.Builder.maxlen(link.options().maxLen()).approximateTrimming(), item.body)
                    .whenComplete((id, e) -> onReply(item, gen, id, e));
        }
    }

    private synchronized void onReply(Item item, int gen, String id, Throwable e) {
        if (gen != generation) {
            return; // this attempt was abandoned: the item is queued again
        }
        if (e == null) {
            inflight.remove(item);
            failuresSinceConfirm = 0;
            confirm(item, id);
            pump();
        } else if (e instanceof RedisCommandExecutionException && clusterInTransition(e)) {
            log.debug("stream publisher: {} ({} entries to send again)", e.getMessage(), inflight.size());
            broken();
        } else if (e instanceof RedisCommandExecutionException) {
            inflight.remove(item); // Redis refused it (an error reply): retrying would not help
            link.countFailure();
            log.warn("stream {}: Redis refused an entry ({}): dropped", item.stream, e.getMessage());
            if (item.result != null) {
                item.result.completeExceptionally(e);
            }
            pump();
        } else {
            log.debug("stream publisher: connection lost ({}), {} entries to send again", e.toString(),
                    inflight.size());
            broken();
        }
    }

    private void confirm(Item item, String id) {
        lastConfirmed.put(item.stream, id);
        item.confirmedAt = System.currentTimeMillis();
        recent.add(item);
        long oldest = item.confirmedAt - REPLAY_MILLIS;
        while (recent.size() > REPLAY_MAX || (!recent.isEmpty() && recent.peek().confirmedAt < oldest)) {
            recent.poll();
        }
        if (item.result != null) {
            item.result.complete(id);
        }
    }

    /**
     * Error replies of a Redis Cluster while a failover or a slot migration is under way: the entry is sent again
     * (after a delay) rather than dropped.
     */
    static boolean clusterInTransition(Throwable e) {
        String m = String.valueOf(e.getMessage());
        return m.startsWith("CLUSTERDOWN") || m.startsWith("TRYAGAIN") || m.startsWith("MOVED")
                || m.startsWith("ASK") || m.startsWith("READONLY") || m.startsWith("MASTERDOWN")
                || m.startsWith("LOADING");
    }

    /** A connection broke: everything without a reply goes back to the head of the queue, in order. */
    private void broken() {
        generation++;
        for (Iterator<Item> it = inflight.descendingIterator(); it.hasNext(); ) {
            queue.addFirst(it.next());
        }
        inflight.clear();
        connections.values().forEach(RedisConn::closeAsync);
        connections.clear();
        opening.clear();
        if (link.isCluster() && ++failuresSinceConfirm > 1) {
            // a cluster still failing over: not in a tight loop
            long delay = Math.min(2000, 100L << Math.min(failuresSinceConfirm - 2, 5));
            int gen = generation;
            backingOff = true;
            link.schedule(() -> {
                synchronized (this) {
                    if (gen == generation) {
                        backingOff = false;
                        reopen();
                    }
                }
            }, Duration.ofMillis(delay));
        } else {
            backingOff = false;
            reopen();
        }
    }

    /** Opens again the routes that have entries waiting or confirmed (their loss is checked on the new connection). */
    private void reopen() {
        java.util.Set<String> routes = new java.util.LinkedHashSet<>();
        if (!link.isCluster()) {
            routes.add("");
        } else {
            queue.forEach(i -> routes.add(i.stream));
            routes.addAll(lastConfirmed.keySet());
        }
        routes.forEach(this::open);
    }

    private void open(String route) {
        if (backingOff || opening.contains(route) || connections.containsKey(route) || link.isClosed()) {
            return;
        }
        opening.add(route);
        int gen = generation;
        link.plainConnectionFor(route).whenComplete((c, e) -> {
            if (e != null) {
                synchronized (this) {
                    if (gen == generation) {
                        opening.remove(route);
                        retryOpen(route, gen);
                    }
                }
                return;
            }
            recover(route, c, gen);
        });
    }

    private void retryOpen(String route, int gen) {
        long delay = Math.min(2000, 100L << Math.min(attempts++, 5));
        link.schedule(() -> {
            synchronized (this) {
                if (gen == generation) {
                    open(route);
                }
            }
        }, Duration.ofMillis(delay));
    }

    /** Before anything else on a new connection: append again what Redis confirmed but has lost. */
    private void recover(String route, RedisConn c, int gen) {
        Map<String, String> check = new HashMap<>();
        synchronized (this) {
            lastConfirmed.forEach((stream, id) -> {
                if (route(stream).equals(route)) {
                    check.put(stream, id);
                }
            });
        }
        List<CompletableFuture<Void>> checks = new ArrayList<>();
        List<String> lost = new ArrayList<>();
        for (Map.Entry<String, String> e : check.entrySet()) {
            checks.add(c.async().xrange(e.getKey(), Range.create(e.getValue(), e.getValue())).toCompletableFuture()
                    .thenAccept(entries -> {
                        if (entries.isEmpty()) {
                            synchronized (lost) {
                                lost.add(e.getKey());
                            }
                        }
                    }));
        }
        CompletableFuture.allOf(checks.toArray(new CompletableFuture<?>[0])).whenComplete((v, e) -> {
            synchronized (this) {
                if (gen != generation) {
                    c.closeAsync(); // abandoned while it opened (broken() opens the routes again)
                    return;
                }
                opening.remove(route);
                if (e != null) {
                    c.closeAsync(); // e.g. a Redis Cluster still naming a master that died: wait for the failover
                    retryOpen(route, gen);
                    return;
                }
                attempts = 0;
                if (!lost.isEmpty()) {
                    List<Item> again = new ArrayList<>();
                    for (Iterator<Item> it = recent.iterator(); it.hasNext(); ) {
                        Item old = it.next();
                        if (lost.contains(old.stream)) {
                            again.add(new Item(old.stream, old.body, null));
                            it.remove();
                        }
                    }
                    log.warn("Redis lost the latest entries of {} (restarted without persistence?): appending {}"
                            + " recent entries again", lost, again.size());
                    for (int i = again.size() - 1; i >= 0; i--) {
                        queue.addFirst(again.get(i));
                    }
                }
                connections.put(route, c);
                pump();
            }
        });
    }
}
