package io.zapsocket.server.adapter;

import io.zapsocket.protocol.Args;
import io.zapsocket.server.RemoteSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Broadcasts to a room of several members walk its resolved sockets ({@link RoomMembers}): whatever changed since
 * the last broadcast (a join, a leave, a socket registered after it joined, a new socket under a recovered id) is
 * what the next broadcast sees.
 */
class RoomMembersTest {
    /** The namespace's sockets, as {@link AdapterContext#socket} finds them. */
    private final Map<String, Fake> registered = new ConcurrentHashMap<>();
    private final Exposed adapter = new Exposed(new TestContext(registered, RoomListener.NOOP));

    private Fake connect(String id, String... rooms) {
        Fake f = new Fake(id);
        registered.put(id, f);
        adapter.addAll(id, Set.of(id));
        adapter.addAll(id, Set.of(rooms));
        return f;
    }

    private List<LocalSocket> targets(Set<String> rooms, Set<String> except) {
        List<LocalSocket> seen = new ArrayList<>();
        adapter.apply(new BroadcastOptions(rooms, except, BroadcastOptions.Flags.DEFAULT), seen::add);
        return seen;
    }

    private List<LocalSocket> targets(String room) {
        return targets(Set.of(room), Set.of());
    }

    @Test
    void joinsAndLeavesAfterABroadcastAreSeenByTheNext() {
        Fake a = connect("a", "r");
        Fake b = connect("b", "r");
        assertThat(targets("r")).containsExactlyInAnyOrder(a, b);
        assertThat(targets("r")).containsExactlyInAnyOrder(a, b); // the resolved array, again
        Fake c = connect("c", "r");
        assertThat(targets("r")).containsExactlyInAnyOrder(a, b, c);
        adapter.del("a", "r");
        assertThat(targets("r")).containsExactlyInAnyOrder(b, c);
        adapter.delAll("b");
        registered.remove("b");
        assertThat(targets("r")).containsExactly(c); // one member left: looked up by id again
        adapter.addAll("a", Set.of("r"));
        assertThat(targets("r")).containsExactlyInAnyOrder(a, c);
    }

    @Test
    void aMemberThatJoinedBeforeItsSocketWasRegisteredIsReachedOnceItIs() {
        Fake a = connect("a", "r");
        Fake b = connect("b", "r");
        adapter.addAll("m", Set.of("m", "r")); // a middleware's join: not a socket of the namespace yet
        assertThat(targets("r")).containsExactlyInAnyOrder(a, b);
        Fake m = new Fake("m");
        registered.put("m", m); // registered without any change of the room
        assertThat(targets("r")).containsExactlyInAnyOrder(a, b, m);
    }

    @Test
    void aRecoveredSessionsNewSocketReplacesTheOldOneUnderTheSameId() {
        Fake a = connect("a", "r");
        connect("b", "r");
        assertThat(targets("r")).contains(a);
        adapter.delAll("b"); // disconnected...
        registered.remove("b");
        Fake again = connect("b", "r"); // ...and recovered under its id, as a new socket
        assertThat(targets("r")).containsExactlyInAnyOrder(a, again);
    }

    @Test
    void exceptLeavesOutTheExcludedRoomsMembers() {
        Fake a = connect("a", "r");
        Fake b = connect("b", "r", "quiet");
        Fake c = connect("c", "r");
        assertThat(targets(Set.of("r"), Set.of("a"))).containsExactlyInAnyOrder(b, c);
        assertThat(targets(Set.of("r"), Set.of("quiet", "c"))).containsExactly(a);
        assertThat(targets("r")).containsExactlyInAnyOrder(a, b, c);
    }

    @Test
    void aRoomOfOneIsItsMembersSocketAndAnUnknownRoomIsNobody() {
        Fake a = connect("a");
        assertThat(targets("a")).containsExactly(a); // a socket's own room: its id, no member array
        assertThat(targets(Set.of("a"), Set.of("a"))).isEmpty();
        assertThat(targets("nope")).isEmpty();
        adapter.addAll("m", Set.of("m")); // not registered (yet)
        assertThat(targets("m")).isEmpty();
        Fake m = new Fake("m");
        registered.put("m", m);
        assertThat(targets("m")).containsExactly(m);
    }

    @Test
    void broadcastsRacingWithJoinsAndLeavesEndOnTheFinalMembers() throws InterruptedException {
        int threads = 4;
        for (int t = 0; t < threads; t++) {
            connect("s" + t, "shared");
        }
        CountDownLatch start = new CountDownLatch(1);
        AtomicBoolean done = new AtomicBoolean();
        List<Thread> all = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            String id = "s" + t;
            Thread th = new Thread(() -> {
                await(start);
                for (int i = 0; i < 2_000; i++) {
                    adapter.del(id, "shared");
                    adapter.addAll(id, Set.of("shared"));
                }
            });
            th.start();
            all.add(th);
        }
        Thread broadcaster = new Thread(() -> {
            await(start);
            while (!done.get()) {
                targets("shared");
            }
        });
        broadcaster.start();
        start.countDown();
        for (Thread th : all) {
            th.join();
        }
        done.set(true);
        broadcaster.join();
        assertThat(targets("shared")).extracting(LocalSocket::id)
                .containsExactlyInAnyOrder("s0", "s1", "s2", "s3");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static final class Exposed extends InMemoryAdapter {
        Exposed(AdapterContext context) {
            super(context);
        }
    }

    /** A local socket that only has an id (compared by identity: a recovered session's socket is another one). */
    private static final class Fake implements LocalSocket {
        private final String id;

        Fake(String id) {
            this.id = id;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public String toString() {
            return "Fake(" + id + ")@" + Integer.toHexString(System.identityHashCode(this));
        }

        @Override
        public void deliver(PreparedPacket packet, BroadcastOptions.Flags flags) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void deliverWithAck(PreparedPacket packet, BroadcastOptions.Flags flags, Consumer<Args> onAck) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void join(Iterable<String> rooms) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void leave(String room) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void disconnect(boolean close) {
            throw new UnsupportedOperationException();
        }

        @Override
        public RemoteSocket snapshot() {
            throw new UnsupportedOperationException();
        }
    }
}
