package io.zapsocket.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.zapsocket.server.Handshake;
import io.zapsocket.server.Priority;
import io.zapsocket.server.adapter.BroadcastOptions;
import io.zapsocket.server.adapter.ClusterWire;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WireTest {

    @Test
    void streamIndexIsJavasHashCodeModuloAndCanBeNegativeLikeNode() {
        // hashCode("/chat") = 45867616 -> 45867616 % 3 = 1; "/admin" hashes negative in JS and Java alike
        assertThat(StreamsAdapter.streamName("/", "socket.io", 1)).isEqualTo("socket.io");
        assertThat(StreamsAdapter.streamName("/chat", "socket.io", 3))
                .isEqualTo("socket.io-" + ("/chat".hashCode() % 3));
        String negative = null;
        for (String nsp : List.of("/a", "/admin", "/zzzzzzzz", "/orders", "/😀")) {
            if (nsp.hashCode() % 5 < 0) {
                negative = nsp;
            }
        }
        assertThat(negative).isNotNull();
        assertThat(StreamsAdapter.streamName(negative, "s", 5)).startsWith("s--");
    }

    @Test
    void priorityTravelsBetweenZapNodesAndIsAbsentWhenNormal() {
        for (Priority p : Priority.values()) {
            BroadcastOptions.Flags flags = BroadcastOptions.Flags.DEFAULT.withPriority(p);
            Map<String, Object> wire = ClusterWire.flags(flags);
            assertThat(wire.containsKey("priority")).isEqualTo(p != Priority.NORMAL);
            BroadcastOptions back = ClusterWire.decodeOptions(Map.of("rooms", List.of(), "except", List.of(),
                    "flags", wire));
            assertThat(back.flags().priority()).isEqualTo(p);
        }
        assertThat(ClusterWire.flags(BroadcastOptions.Flags.DEFAULT.withPriority(Priority.HIGH)))
                .containsEntry("priority", "high");
        assertThat(ClusterWire.decodeOptions(Map.of("flags", Map.of("priority", "urgent"))).flags().priority())
                .as("an unknown value from a foreign node").isEqualTo(Priority.NORMAL);
    }

    @Test
    void flagsCarryOnlyWhatNodeWouldSet() {
        assertThat(ClusterWire.flags(BroadcastOptions.Flags.DEFAULT)).isEmpty();
        assertThat(ClusterWire.flags(new BroadcastOptions.Flags(true, false, true, Duration.ofMillis(1500))))
                .containsExactly(Map.entry("volatile", true), Map.entry("compress", false), Map.entry("local", true),
                        Map.entry("timeout", 1500L));
        BroadcastOptions decoded = ClusterWire.decodeOptions(Map.of("rooms", List.of("a", 5), "except", List.of("b"),
                "flags", Map.of("volatile", true, "timeout", 200, "local", true)));
        assertThat(decoded.rooms()).containsExactlyInAnyOrder("a", "5");
        assertThat(decoded.except()).containsExactly("b");
        assertThat(decoded.flags().isVolatile()).isTrue();
        assertThat(decoded.flags().local()).as("a received broadcast is never local-only").isFalse();
        assertThat(decoded.flags().timeout()).isEqualTo(Duration.ofMillis(200));
    }

    @Test
    void handshakeRoundTripsThroughNodesShape() {
        Handshake h = new Handshake(Map.of("Accept", List.of("a", "b"), "set-cookie", List.of("x=1", "y=2")),
                Instant.ofEpochMilli(1700000000123L), "127.0.0.1", true, false, "/socket.io/?EIO=4",
                Map.of("EIO", List.of("4")), Map.of("token", "t"));
        Map<String, Object> json = ClusterWire.handshake(h);
        assertThat(json).containsEntry("issued", 1700000000123L).containsEntry("address", "127.0.0.1")
                .containsEntry("xdomain", true).containsEntry("secure", false);
        assertThat(json.get("time")).isEqualTo("Tue Nov 14 2023 22:13:20 GMT+0000 (Coordinated Universal Time)");
        assertThat(cast(json.get("headers"))).containsEntry("accept", "a, b")
                .containsEntry("set-cookie", List.of("x=1", "y=2"));
        assertThat(cast(json.get("query"))).containsEntry("EIO", "4");
        Handshake back = ClusterWire.decodeHandshake(json);
        assertThat(back.time()).isEqualTo(h.time());
        assertThat(back.header("accept")).isEqualTo("a, b");
        assertThat(back.queryParam("EIO")).isEqualTo("4");
        assertThat(back.auth()).containsEntry("token", "t");
        assertThat(back.xdomain()).isTrue();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Object o) {
        return (Map<String, Object>) o;
    }

    @Test
    void idsLookLikeNodes() {
        assertThat(Wire.uid2(6)).matches("[A-Za-z0-9]{6}");
        assertThat(ClusterWire.randomId()).matches("[0-9a-f]{16}");
        assertThat(Set.of(ClusterWire.randomId(), ClusterWire.randomId())).hasSize(2);
    }

    @Test
    void streamIdsCompareNumerically() {
        assertThat(StreamsAdapter.compare(StreamsAdapter.parseId("10-0"), StreamsAdapter.parseId("9-5"))).isPositive();
        assertThat(StreamsAdapter.compare(StreamsAdapter.parseId("10-2"), StreamsAdapter.parseId("10-10")))
                .isNegative();
    }
}
