package io.zapsocket.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.zapsocket.protocol.Args;
import io.zapsocket.protocol.sio.SioPacket;
import io.zapsocket.server.RecoveryOptions;
import io.zapsocket.server.adapter.BroadcastOptions;
import io.zapsocket.testkit.RedisClusterProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The adapters against a real Redis Cluster (3 masters + 3 replicas, {@link RedisClusterProcess}): two "nodes" on
 * the cluster client exchange room broadcasts and acks, and a master is killed with {@code kill -9} while one node
 * broadcasts a steady stream: the Streams adapter loses nothing, the sharded pub/sub adapter loses what was published
 * during the failover (counted and reported) and delivers again after it.
 */
class RedisClusterTest {
    private static final RecoveryOptions RECOVERY = RecoveryOptions.builder()
            .maxDisconnectionDuration(Duration.ofSeconds(30)).build();
    private static final int MESSAGES = 400;
    private static final int KILL_AT = 100;
    private static final String STREAM = "socket.io";
    private static final long INTERVAL_MS = 20; // 8 s of traffic, the kill after 2 s, the failover takes 2-4 s
    private RedisClusterProcess cluster;
    /** Streams test: the broadcasts that arrived after a later one ("i after j"). */
    private final List<String> outOfOrder = new ArrayList<>();
    private final List<RedisAdapterFactory> factories = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        cluster = RedisClusterProcess.start();
    }

    @AfterEach
    void stop() {
        factories.forEach(f -> f.close(Duration.ofMillis(200)));
        if (cluster != null) {
            cluster.close();
        }
    }

    private RedisAdapterOptions.Builder options() {
        return RedisAdapterOptions.clusterBuilder(cluster.uris().toArray(new String[0]))
                .topologyRefreshPeriod(Duration.ofSeconds(1))
                .commandTimeout(Duration.ofSeconds(3));
    }

    private FakeNamespace node(Function<RedisAdapterOptions, RedisAdapterFactory> kind,
                               RedisAdapterOptions options) throws Exception {
        RedisAdapterFactory f = kind.apply(options);
        factories.add(f);
        FakeNamespace nsp = new FakeNamespace(RECOVERY).with(f::create);
        f.ready().get(15, TimeUnit.SECONDS);
        return nsp;
    }

    private static BroadcastOptions to(String... rooms) {
        return new BroadcastOptions(Set.of(rooms), Set.of(), BroadcastOptions.Flags.DEFAULT);
    }

    @Test
    void shardedNodesOnAClusterExchangeRoomBroadcastsAndAcks() throws Exception {
        FakeNamespace a = node(RedisAdapters::sharded, options().build());
        FakeNamespace b = node(RedisAdapters::sharded, options().build());
        var inRoom = b.connect("s1", "news");
        var other = b.connect("s2", "sports");
        assertThat(a.adapter.serverCount().get(5, TimeUnit.SECONDS)).isEqualTo(2);
        Thread.sleep(300); // b's room channels are subscribed asynchronously

        for (int i = 0; i < 20; i++) {
            a.adapter.broadcast(SioPacket.event("/", List.of("msg", i)), to("news"));
        }
        for (int i = 0; i < 20; i++) {
            List<Object> got = inRoom.received.poll(5, TimeUnit.SECONDS);
            assertThat(got).as("message %d", i).isNotNull();
            assertThat(got.subList(0, 2)).containsExactly("msg", i);
        }
        assertThat(other.received.poll(200, TimeUnit.MILLISECONDS)).isNull();

        List<Object> acks = new CopyOnWriteArrayList<>();
        List<Integer> counts = new CopyOnWriteArrayList<>();
        a.adapter.broadcastWithAck(SioPacket.event("/", List.of("ask")), to("sports"), counts::add,
                (Args args) -> acks.add(args.get(0)));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        // the count of each node comes on its own (this node's 0 at once, b's 1 with its response)
        while ((acks.isEmpty() || !counts.contains(1)) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(acks).containsExactly("ack-from-s2");
        assertThat(counts).contains(1);
    }

    @Test
    void classicPubSubNodesOnAClusterExchangeBroadcastsAndCountEachOther() throws Exception {
        FakeNamespace a = node(RedisAdapters::pubSub, options().build());
        FakeNamespace b = node(RedisAdapters::pubSub, options().build());
        var s = b.connect("s1", "news");
        assertThat(a.adapter.serverCount().get(5, TimeUnit.SECONDS)).as("summed over the nodes").isEqualTo(2);
        for (int i = 0; i < 20; i++) {
            a.adapter.broadcast(SioPacket.event("/", List.of("msg", i)), to("news"));
        }
        for (int i = 0; i < 20; i++) {
            List<Object> got = s.received.poll(5, TimeUnit.SECONDS);
            assertThat(got).as("message %d", i).isNotNull();
            assertThat(got.subList(0, 2)).containsExactly("msg", i);
        }
    }

    @Test
    void classicPubSubSubscriptionsMoveToAnotherNodeWhenTheirNodeIsKilled() throws Exception {
        RedisAdapterOptions o = options().build();
        FakeNamespace b = node(RedisAdapters::pubSub, o);
        var s = b.connect("s", "news");
        String requestChannel = o.key() + "-request#/#";
        List<Integer> at = cluster.subscribedAt(requestChannel);
        assertThat(at).hasSize(1);
        FakeNamespace a = node(RedisAdapters::pubSub, o);

        Set<Integer> got = receiveWhileKilling(a, s, at.get(0), null);
        int lost = MESSAGES - got.size();
        System.out.printf("redis-cluster: node holding the subscriptions killed, classic pub/sub adapter: %d/%d"
                + " delivered, %d lost (%.1f%%)%n", got.size(), MESSAGES, lost, 100.0 * lost / MESSAGES);
        for (int i = MESSAGES - 30; i < MESSAGES; i++) {
            assertThat(got).as("delivered again after the subscriptions moved").contains(i);
        }
        assertThat(cluster.subscribedAt(requestChannel)).as("subscribed again, elsewhere").isNotEmpty()
                .doesNotContain(at.get(0));
        assertThat(a.adapter.serverCount().get(5, TimeUnit.SECONDS)).isEqualTo(2);
    }

    @Test
    void aShardedRoomChannelFollowsItsSlotWhenTheSlotMigrates() throws Exception {
        RedisAdapterOptions o = options().build();
        FakeNamespace a = node(RedisAdapters::sharded, o);
        FakeNamespace b = node(RedisAdapters::sharded, o);
        var s = b.connect("s", "news");
        Thread.sleep(300);
        String roomChannel = o.key() + "#/#news#";
        int from = cluster.masterOf(roomChannel);
        int to = cluster.masters().stream().filter(p -> p != from).findFirst().orElseThrow();

        cluster.migrateSlot(roomChannel, to);
        assertThat(cluster.masterOf(roomChannel)).isEqualTo(to);
        // b was unsubscribed by the old master and subscribes on the new one; a's SPUBLISH follows MOVED
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        List<Object> first = null;
        while (first == null && System.nanoTime() < deadline) {
            a.adapter.broadcast(SioPacket.event("/", List.of("probe", 0)), to("news"));
            first = s.received.poll(200, TimeUnit.MILLISECONDS);
        }
        assertThat(first).as("delivered again after the migration").isNotNull();
        Thread.sleep(300);
        s.received.clear();
        for (int i = 0; i < 20; i++) {
            a.adapter.broadcast(SioPacket.event("/", List.of("msg", i)), to("news"));
        }
        for (int i = 0; i < 20; i++) {
            List<Object> got = s.received.poll(5, TimeUnit.SECONDS);
            assertThat(got).as("message %d", i).isNotNull();
            assertThat(got.subList(0, 2)).containsExactly("msg", i);
        }
    }

    @Test
    void streamsLoseNothingWhenTheMasterOfTheStreamIsKilled() throws Exception {
        RedisAdapterOptions o = options().build();
        FakeNamespace a = node(RedisAdapters::streams, o);
        FakeNamespace b = node(RedisAdapters::streams, o);
        var s = b.connect("s", "news");
        int master = cluster.masterOf(o.streamName());

        Set<Integer> got = receiveWhileKilling(a, s, master, o.streamName());
        if (got.size() != MESSAGES || !outOfOrder.isEmpty()) {
            System.out.println(diagnose(got, o.streamName()) + "\narrived out of order: " + outOfOrder);
        }
        assertThat(got).as("every broadcast after the failover of the stream's master").hasSize(MESSAGES);
        // each stream has its publisher's entries in the order they were broadcast (a copy aside): an entry held for
        // the dead master and sent again after later ones reached the new master arrives late, or (beyond the
        // readers' window of zseq numbers, or with a high-water mark as before) not at all
        assertThat(outOfOrder).as("broadcasts that arrived after a later one").isEmpty();
        System.out.printf("redis-cluster failover, Streams adapter: %d/%d delivered, 0 lost%n", got.size(),
                MESSAGES);
    }

    @Test
    void shardedPubSubLossDuringAFailoverIsBoundedAndDeliveryResumes() throws Exception {
        RedisAdapterOptions o = options().build();
        FakeNamespace a = node(RedisAdapters::sharded, o);
        FakeNamespace b = node(RedisAdapters::sharded, o);
        var s = b.connect("s", "news");
        Thread.sleep(300);
        String roomChannel = o.key() + "#/#news#";
        int master = cluster.masterOf(roomChannel);

        Set<Integer> got = receiveWhileKilling(a, s, master, roomChannel);
        int lost = MESSAGES - got.size();
        System.out.printf("redis-cluster failover, sharded pub/sub adapter: %d/%d delivered, %d lost (%.1f%%)%n",
                got.size(), MESSAGES, lost, 100.0 * lost / MESSAGES);
        // bounded by the failover time (about 2-3 s here, 100-160 of the 50/s messages); nothing before the kill is
        // lost, and delivery resumes after it
        for (int i = 0; i < KILL_AT; i++) {
            assertThat(got).as("sent before the kill").contains(i);
        }
        for (int i = MESSAGES - 30; i < MESSAGES; i++) {
            assertThat(got).as("delivered again after the failover").contains(i);
        }
    }

    /**
     * What the stream holds after the failover (the missing indices, and the zseq numbers in stream order where they
     * go backwards): tells a publish that never reached Redis from one the reader skipped or dropped as a copy.
     */
    private String diagnose(Set<Integer> got, String stream) {
        StringBuilder b = new StringBuilder("missing:");
        for (int i = 0; i < MESSAGES; i++) {
            if (!got.contains(i)) {
                b.append(' ').append(i);
            }
        }
        try {
            int now = cluster.masterOf(stream);
            String out = cluster.cli(now, "XRANGE", stream, "-", "+");
            String[] lines = out.split("\n");
            List<Long> seqs = new ArrayList<>();
            for (int i = 0; i + 1 < lines.length; i++) {
                if (lines[i].trim().equals("zseq")) {
                    seqs.add(Long.parseLong(lines[i + 1].trim()));
                }
            }
            b.append("\nstream on ").append(now).append(": ").append(seqs.size()).append(" entries with a zseq");
            for (int i = 1; i < seqs.size(); i++) {
                if (seqs.get(i) <= seqs.get(i - 1)) {
                    b.append("\n  zseq goes back at entry ").append(i).append(": ").append(seqs.get(i - 1))
                            .append(" -> ").append(seqs.get(i));
                }
            }
        } catch (Exception e) {
            b.append("\n(stream not readable: ").append(e).append(')');
        }
        return b.toString();
    }

    /** Broadcasts MESSAGES at 50/s, kills {@code master} after KILL_AT; returns what arrived, once each. */
    private Set<Integer> receiveWhileKilling(FakeNamespace from, FakeNamespace.FakeSocket to, int master, String key)
            throws Exception {
        TreeSet<Integer> got = new TreeSet<>();
        List<Integer> duplicates = new ArrayList<>();
        AtomicInteger highest = new AtomicInteger(-1);
        Thread sender = new Thread(() -> {
            for (int i = 0; i < MESSAGES; i++) {
                from.adapter.broadcast(SioPacket.event("/", List.of("msg", i)), to("news"));
                if (i == KILL_AT) {
                    // the broadcasts before this one have been delivered (a publish still queued in the client
                    // when its master dies is not "sent before the kill", however long ago it was called)
                    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                    while (highest.get() < KILL_AT - 1 && System.nanoTime() < until) {
                        try {
                            Thread.sleep(5);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                    cluster.kill9(master);
                }
                try {
                    Thread.sleep(INTERVAL_MS);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "sender");
        sender.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(45);
        while (System.nanoTime() < deadline) {
            // after the last broadcast: 3 s of silence ends a pub/sub run; a Streams run waits for everything
            // (the new master may take a while on a loaded machine: late is not lost)
            // (decided before the poll: a poll that began while the sender ran ends the run only after the full
            // quiet period that follows the last broadcast)
            boolean senderDone = !sender.isAlive();
            long quiet = !senderDone ? 1000 : key != null && key.equals(STREAM) ? 15_000 : 3000;
            List<Object> m = to.received.poll(quiet, TimeUnit.MILLISECONDS);
            if (m == null) {
                if (senderDone) {
                    break;
                }
                continue;
            }
            int i = ((Number) m.get(1)).intValue();
            if (!got.isEmpty() && i < got.last()) {
                outOfOrder.add(i + " after " + got.last());
            }
            if (!got.add(i)) {
                duplicates.add(i);
            }
            highest.accumulateAndGet(i, Math::max);
            if (got.size() == MESSAGES) {
                break;
            }
        }
        sender.join(10_000);
        if (key != null) {
            assertThat(cluster.awaitFailover(key, master, 10_000)).isNotEqualTo(master);
        }
        assertThat(duplicates).as("duplicates").isEmpty();
        return got;
    }
}

