package io.zapsocket.server.adapter;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Room bookkeeping of the in-memory adapter, in particular its compact one-member rooms. */
class InMemoryAdapterTest {
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final Adapter adapter = new Exposed(new TestContext(new RoomListener() {
        @Override
        public void onCreateRoom(String room) {
            events.add("create " + room);
        }

        @Override
        public void onDeleteRoom(String room) {
            events.add("delete " + room);
        }

        @Override
        public void onJoinRoom(String room, String socketId) {
            events.add("join " + room + " " + socketId);
        }

        @Override
        public void onLeaveRoom(String room, String socketId) {
            events.add("leave " + room + " " + socketId);
        }
    }));

    /** Exposes the protected room map view. */
    private static final class Exposed extends InMemoryAdapter {
        Exposed(AdapterContext context) {
            super(context);
        }
    }

    @Test
    void oneMemberRoomsGrowAndShrinkWithTheSameEventsAndTargets() {
        adapter.addAll("s1", Set.of("s1"));
        adapter.addAll("s1", Set.of("s1")); // already in: nothing happens
        adapter.addAll("s2", Set.of("s2"));
        adapter.addAll("s2", Set.of("s1")); // second member of s1's room
        assertThat(adapter.sockets(Set.of("s1"))).containsExactlyInAnyOrder("s1", "s2");
        assertThat(adapter.sockets(Set.of("s2"))).containsExactly("s2");
        assertThat(adapter.sockets(Set.of())).containsExactlyInAnyOrder("s1", "s2");
        assertThat(adapter.rooms()).containsExactlyInAnyOrder("s1", "s2");
        Map<String, Set<String>> map = ((Exposed) adapter).roomMap();
        assertThat(map).containsOnlyKeys("s1", "s2");
        assertThat(map.get("s1")).containsExactlyInAnyOrder("s1", "s2");
        assertThat(map.get("s2")).containsExactly("s2");
        assertThat(map.get("nope")).isNull();

        adapter.del("s1", "s1");
        adapter.del("s2", "s1");
        adapter.del("s2", "s1"); // not a member any more: nothing happens
        assertThat(adapter.rooms()).containsExactly("s2");
        assertThat(events).containsExactly("create s1", "join s1 s1", "create s2", "join s2 s2", "join s1 s2",
                "leave s1 s1", "delete s1", "leave s1 s2");
    }

    @Test
    void aSocketsRoomsKeepJoinOrderAndASocketInNoRoomIsStillEverybody() {
        adapter.addAll("s1", new java.util.LinkedHashSet<>(List.of("s1", "b", "a", "c")));
        assertThat(adapter.socketRooms("s1")).containsExactly("s1", "b", "a", "c");
        adapter.del("s1", "a");
        assertThat(adapter.socketRooms("s1")).containsExactly("s1", "b", "c");
        for (String r : List.of("s1", "b", "c")) {
            adapter.del("s1", r);
        }
        assertThat(adapter.socketRooms("s1")).isEmpty();
        assertThat(adapter.rooms()).isEmpty();
        // as in Node: a socket that left every room (its own included) is still one of "all sockets"
        assertThat(adapter.sockets(Set.of())).containsExactly("s1");
        adapter.delAll("s1");
        assertThat(adapter.sockets(Set.of())).isEmpty();
        assertThat(adapter.socketRooms("s1")).isEmpty();
    }

    @Test
    void exceptAndSeveralRoomsCountEachSocketOnce() {
        adapter.addAll("s1", Set.of("s1", "r"));
        adapter.addAll("s2", Set.of("s2", "r"));
        adapter.addAll("s3", Set.of("s3"));
        List<String> seen = new ArrayList<>();
        ((Exposed) adapter).apply(new BroadcastOptions(Set.of("r", "s1", "s3"), Set.of("s2"),
                BroadcastOptions.Flags.DEFAULT), s -> seen.add(s.id()));
        assertThat(seen).isEmpty(); // the context has no local sockets
        assertThat(adapter.sockets(Set.of("r", "s1", "s3"))).containsExactlyInAnyOrder("s1", "s2", "s3");
    }

    @Test
    void concurrentJoinsAndLeavesCreateAndDeleteARoomOncePerLife() throws InterruptedException {
        int threads = 8;
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> all = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            String id = "s" + t;
            Thread th = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < 2_000; i++) {
                    adapter.addAll(id, Set.of("shared"));
                    adapter.del(id, "shared");
                }
                adapter.addAll(id, Set.of("shared"));
            });
            th.start();
            all.add(th);
        }
        start.countDown();
        for (Thread th : all) {
            th.join();
        }
        assertThat(adapter.sockets(Set.of("shared"))).hasSize(threads);
        long creates = events.stream().filter(e -> e.equals("create shared")).count();
        long deletes = events.stream().filter(e -> e.equals("delete shared")).count();
        assertThat(creates).isEqualTo(deletes + 1); // the room exists at the end
    }
}
