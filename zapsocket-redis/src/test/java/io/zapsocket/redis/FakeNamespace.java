package io.zapsocket.redis;

import io.zapsocket.protocol.Args;
import io.zapsocket.protocol.sio.Encoded;
import io.zapsocket.protocol.sio.SioEncoder;
import io.zapsocket.protocol.sio.SioPacket;
import io.zapsocket.server.Handshake;
import io.zapsocket.server.RecoveryOptions;
import io.zapsocket.server.RemoteSocket;
import io.zapsocket.server.adapter.Adapter;
import io.zapsocket.server.adapter.AdapterContext;
import io.zapsocket.server.adapter.BroadcastOptions;
import io.zapsocket.server.adapter.LocalSocket;
import io.zapsocket.server.adapter.PreparedPacket;
import io.zapsocket.server.adapter.RoomListener;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/** A namespace without Netty: sockets record what the adapter delivers to them. */
class FakeNamespace implements AdapterContext {
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "fake-timer");
        t.setDaemon(true);
        return t;
    });
    final Map<String, FakeSocket> sockets = new ConcurrentHashMap<>();
    final BlockingQueue<List<Object>> serverSideEmits = new LinkedBlockingQueue<>();
    private final AtomicLong ackIds = new AtomicLong();
    private final RecoveryOptions recovery;
    Adapter adapter;
    /** What {@link #onServerSideEmit} answers when an ack is requested. */
    volatile Object serverSideAnswer = "answer";

    FakeNamespace(RecoveryOptions recovery) {
        this.recovery = recovery;
    }

    FakeNamespace with(AdapterFactoryLike factory) {
        adapter = factory.create(this);
        return this;
    }

    interface AdapterFactoryLike {
        Adapter create(AdapterContext context);
    }

    /** A socket known to the namespace, in no room yet (not even its own). */
    FakeSocket register(String id) {
        FakeSocket s = new FakeSocket(id);
        sockets.put(id, s);
        return s;
    }

    FakeSocket connect(String id, String... rooms) {
        FakeSocket s = new FakeSocket(id);
        sockets.put(id, s);
        adapter.addAll(id, Set.of(id));
        adapter.addAll(id, Set.of(rooms));
        return s;
    }

    @Override
    public String namespace() {
        return "/";
    }

    @Override
    public LocalSocket socket(String id) {
        return sockets.get(id);
    }

    @Override
    public PreparedPacket prepare(SioPacket packet, boolean compress) {
        Encoded encoded = SioEncoder.INSTANCE.encode(packet);
        return new PreparedPacket() {
            @Override
            public SioPacket packet() {
                return packet;
            }

            @Override
            public Encoded encoded() {
                return encoded;
            }
        };
    }

    @Override
    public long nextAckId() {
        return ackIds.getAndIncrement();
    }

    @Override
    public Runnable schedule(Runnable task, Duration delay) {
        var f = TIMER.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
        return () -> f.cancel(false);
    }

    @Override
    public RoomListener roomListener() {
        return RoomListener.NOOP;
    }

    @Override
    public RecoveryOptions recovery() {
        return recovery;
    }

    @Override
    public void onServerSideEmit(List<Object> packet, Consumer<Object> ack) {
        serverSideEmits.add(packet);
        if (ack != null) {
            ack.accept(serverSideAnswer);
        }
    }

    final class FakeSocket implements LocalSocket {
        final String id;
        final BlockingQueue<List<Object>> received = new LinkedBlockingQueue<>();

        FakeSocket(String id) {
            this.id = id;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public void deliver(PreparedPacket packet, BroadcastOptions.Flags flags) {
            received.add(packet.packet().args());
        }

        @Override
        public void deliverWithAck(PreparedPacket packet, BroadcastOptions.Flags flags, Consumer<Args> onAck) {
            received.add(packet.packet().args());
            onAck.accept(Args.of(new java.util.ArrayList<>(List.of("ack-from-" + id))));
        }

        @Override
        public void join(Iterable<String> rooms) {
            Set<String> set = new java.util.LinkedHashSet<>();
            rooms.forEach(set::add);
            adapter.addAll(id, set);
        }

        @Override
        public void leave(String room) {
            adapter.del(id, room);
        }

        @Override
        public void disconnect(boolean close) {
            adapter.delAll(id);
            sockets.remove(id);
        }

        @Override
        public RemoteSocket snapshot() {
            Set<String> rooms = adapter.socketRooms(id);
            Handshake h = new Handshake(Map.of(), Instant.now(), "127.0.0.1", false, false, "/", Map.of(), Map.of());
            return new RemoteSocket() {
                @Override
                public String id() {
                    return id;
                }

                @Override
                public Handshake handshake() {
                    return h;
                }

                @Override
                public Set<String> rooms() {
                    return rooms;
                }

                @Override
                public Map<String, Object> data() {
                    return Map.of("user", id);
                }

                @Override
                public boolean emit(String event, Object... args) {
                    return false;
                }

                @Override
                public void join(String... rooms) {
                }

                @Override
                public void leave(String... rooms) {
                }

                @Override
                public void disconnect(boolean close) {
                }
            };
        }
    }
}
