package io.zapsocket.server.adapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code {uid, nsp, type, data}} message and Node's JSON-or-MessagePack rule. */
class ClusterMessageTest {

    @Test
    void plainMessagesAreJsonAndHeartbeatsHaveNoData() {
        ClusterMessage hb = new ClusterMessage("0123456789abcdef", "/", ClusterMessage.HEARTBEAT, null);
        assertThat(new String(hb.encode(), StandardCharsets.UTF_8))
                .isEqualTo("{\"uid\":\"0123456789abcdef\",\"nsp\":\"/\",\"type\":2}");
        assertThat(ClusterMessage.decode(hb.encode())).isEqualTo(hb);
    }

    @Test
    void binaryGoesAsMessagePackOnlyForTypesThatMayCarryIt() {
        Map<String, Object> data = Map.of("packet", Map.of("type", 2, "data", List.of("ev", new byte[] {1, 2})));
        byte[] broadcast = new ClusterMessage("u", "/chat", ClusterMessage.BROADCAST, data).encode();
        assertThat(broadcast[0]).isNotEqualTo((byte) '{');
        ClusterMessage back = ClusterMessage.decode(broadcast);
        assertThat(back.type()).isEqualTo(ClusterMessage.BROADCAST);
        assertThat(back.nsp()).isEqualTo("/chat");
        @SuppressWarnings("unchecked")
        List<Object> args = (List<Object>) ((Map<String, Object>) back.data().get("packet")).get("data");
        assertThat((byte[]) args.get(1)).containsExactly(1, 2);
        // a join never carries binary: JSON even if asked to encode bytes (Node would, too)
        byte[] join = new ClusterMessage("u", "/", ClusterMessage.SOCKETS_JOIN, Map.of("rooms", List.of("r")))
                .encode();
        assertThat(join[0]).isEqualTo((byte) '{');
    }

    @Test
    void fromMapAcceptsStringTypesAndRejectsIncompleteMessages() {
        assertThat(ClusterMessage.fromMap(Map.of("uid", "u", "nsp", "/", "type", "3")).type()).isEqualTo(3);
        assertThat(ClusterMessage.fromMap(Map.of("uid", "u", "nsp", "/", "type", "x"))).isNull();
        assertThat(ClusterMessage.fromMap(Map.of("uid", "u", "type", 3))).isNull();
        assertThat(ClusterMessage.decode("{\"a\":1}".getBytes(StandardCharsets.UTF_8))).isNull();
        assertThatThrownBy(() -> ClusterMessage.decode("[1,2]".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(RuntimeException.class); // not JSON by Node's rule, and not valid MessagePack
        assertThat(new ClusterMessage("u", "/", 7, Map.of("requestId", "r1")).requestId()).isEqualTo("r1");
    }
}
