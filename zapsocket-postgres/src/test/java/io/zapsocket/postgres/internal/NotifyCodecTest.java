package io.zapsocket.postgres.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zapsocket.protocol.json.Json;
import io.zapsocket.protocol.msgpack.Msgpack;
import io.zapsocket.server.adapter.ClusterMessage;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The NOTIFY payloads of {@code @socket.io/postgres-adapter} 0.5: JSON, or an attachment announced by a header. */
class NotifyCodecTest {
    private static ClusterMessage broadcast(Object... args) {
        return new ClusterMessage("0123456789abcdef", "/chat", ClusterMessage.BROADCAST,
                Map.of("packet", Map.of("type", 2, "data", List.of(args), "nsp", "/chat"),
                        "opts", Map.of("rooms", List.of("r"), "except", List.of(), "flags", Map.of())));
    }

    @Test
    void smallMessagesAreNotifiedAsJson() {
        NotifyCodec.Outgoing out = NotifyCodec.encode(broadcast("ev", 1), 8000);
        assertThat(out.isAttachment()).isFalse();
        assertThat(Json.parse(out.json())).isEqualTo(Json.parse("{\"uid\":\"0123456789abcdef\",\"nsp\":\"/chat\","
                + "\"type\":3,\"data\":{\"packet\":{\"type\":2,\"data\":[\"ev\",1],\"nsp\":\"/chat\"},"
                + "\"opts\":{\"rooms\":[\"r\"],\"except\":[],\"flags\":{}}}}"));
        NotifyCodec.Incoming in = NotifyCodec.decode(out.json(), "/chat");
        assertThat(in.attachmentId()).isNull();
        assertThat(in.message()).isEqualTo(broadcast("ev", 1));
    }

    @Test
    void heartbeatsHaveNoData() {
        ClusterMessage hb = new ClusterMessage("u", "/", ClusterMessage.INITIAL_HEARTBEAT, null);
        assertThat(NotifyCodec.encode(hb, 8000).json()).isEqualTo("{\"uid\":\"u\",\"nsp\":\"/\",\"type\":1}");
        assertThat(NotifyCodec.decode("{\"type\":2,\"uid\":\"n\",\"nsp\":\"/\"}", "/chat").message().type())
                .isEqualTo(ClusterMessage.HEARTBEAT);
    }

    @Test
    void binaryAndLargePayloadsGoThroughTheTableAsMessagePack() {
        NotifyCodec.Outgoing bin = NotifyCodec.encode(broadcast("ev", new byte[] {1, 2, 3}), 8000);
        assertThat(bin.isAttachment()).isTrue();
        ClusterMessage back = NotifyCodec.decodeAttachment(bin.attachment(), "/chat");
        @SuppressWarnings("unchecked")
        List<Object> data = (List<Object>) ((Map<String, Object>) back.data().get("packet")).get("data");
        assertThat((byte[]) data.get(1)).containsExactly(1, 2, 3);
        assertThat(back.nsp()).isEqualTo("/chat");

        // 3 000 characters of 3 UTF-8 bytes each: 9 000 bytes, over NOTIFY's limit although 3 000 chars are not
        String big = "€".repeat(3000);
        NotifyCodec.Outgoing large = NotifyCodec.encode(broadcast("ev", big), 8000);
        assertThat(large.isAttachment()).isTrue();
        assertThat(Msgpack.decode(large.attachment())).isInstanceOf(Map.class);
        assertThat(NotifyCodec.encode(broadcast("ev", "x".repeat(7000)), 8000).isAttachment()).isFalse();
        assertThat(NotifyCodec.encode(broadcast("ev", "x".repeat(8000)), 8000).isAttachment()).isTrue();
    }

    @Test
    void headersCarryTheIdAsAStringAsNodePostgresReturnsBigserials() {
        ClusterMessage m = broadcast("ev", new byte[] {1});
        String header = NotifyCodec.header(m, 42);
        assertThat(header).isEqualTo("{\"uid\":\"0123456789abcdef\",\"type\":3,\"attachmentId\":\"42\"}");
        NotifyCodec.Incoming in = NotifyCodec.decode(header, "/chat");
        assertThat(in.attachmentId()).isEqualTo("42");
        assertThat(in.uid()).isEqualTo("0123456789abcdef");
        assertThat(in.message()).isNull();
        assertThat(NotifyCodec.decode("{\"uid\":\"x\",\"type\":3,\"attachmentId\":7}", "/chat").attachmentId()).isEqualTo("7");
    }

    @Test
    void messagesWithoutNspAsNodesPostgresEmitterSendsThemBelongToTheChannelsNamespace() {
        NotifyCodec.Incoming in = NotifyCodec.decode("{\"type\":3,\"data\":{\"packet\":{\"type\":2,"
                + "\"data\":[\"e\"],\"nsp\":\"/chat\"},\"opts\":{\"rooms\":[],\"flags\":{},\"except\":[]}},"
                + "\"uid\":\"emitter\"}", "/chat");
        assertThat(in.message().nsp()).isEqualTo("/chat");
        assertThat(in.message().uid()).isEqualTo("emitter");
        ClusterMessage att = NotifyCodec.decodeAttachment(Msgpack.encode(Map.of("uid", "emitter", "type", 3)), "/x");
        assertThat(att.nsp()).isEqualTo("/x");
    }

    @Test
    void badPayloadsAreRejectedOrIgnored() {
        assertThatThrownBy(() -> NotifyCodec.decode("not json", "/chat")).isInstanceOf(RuntimeException.class);
        assertThat(NotifyCodec.decode("[1]", "/chat")).isNull();
        assertThat(NotifyCodec.decode("{\"uid\":\"x\"}", "/chat")).isNull();
        assertThat(NotifyCodec.decodeAttachment(Msgpack.encode(List.of(1)), "/")).isNull();
        assertThat(PgLink.quote("socket.io#/a\"b")).isEqualTo("\"socket.io#/a\"\"b\"");
        assertThat(new String(NotifyCodec.encode(broadcast("é"), 8000).json().getBytes(StandardCharsets.UTF_8),
                StandardCharsets.UTF_8)).contains("é");
    }
}
