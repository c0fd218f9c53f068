package io.zapsocket.emitter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zapsocket.protocol.json.Json;
import io.zapsocket.protocol.msgpack.Msgpack;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/** What the emitter publishes, byte for byte as Node's {@code @socket.io/redis-emitter} 5.x, on which channel. */
class EmitterTest {
    record Sent(String channel, byte[] message) {
        Object msgpack() {
            return Msgpack.decode(message);
        }

        String text() {
            return new String(message, StandardCharsets.UTF_8);
        }
    }

    static final class Recorder implements Publisher {
        final List<Sent> sent = new ArrayList<>();
        boolean closed;

        @Override
        public CompletionStage<Long> publish(String channel, byte[] message) {
            sent.add(new Sent(channel, message));
            return CompletableFuture.completedFuture(2L);
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    final Recorder recorder = new Recorder();
    final Emitter emitter = Emitter.create(recorder, EmitterOptions.defaults());

    @Test
    void emitToTheNamespaceIsAMsgpackPacketOnTheNamespaceChannel() {
        assertThat(emitter.emit("news", "hello", 42, Map.of("a", true)).join()).isEqualTo(2L);

        Sent sent = recorder.sent.get(0);
        assertThat(sent.channel()).isEqualTo("socket.io#/#");
        assertThat(sent.msgpack()).isEqualTo(List.of("emitter",
                Map.of("type", 2, "data", List.of("news", "hello", 42, Map.of("a", true)), "nsp", "/"),
                Map.of("rooms", List.of(), "flags", Map.of(), "except", List.of())));
    }

    @Test
    void oneRoomGetsItsOwnChannelAndSeveralRoomsTheNamespaceChannel() {
        emitter.of("chat").to("r1").emit("e");
        emitter.of("/chat").to("r1").to("r2", "r1").except("r3").emit("e");

        assertThat(recorder.sent.get(0).channel()).isEqualTo("socket.io#/chat#r1#");
        assertThat(recorder.sent.get(1).channel()).isEqualTo("socket.io#/chat#");
        assertThat(((List<?>) recorder.sent.get(1).msgpack()).get(2))
                .isEqualTo(Map.of("rooms", List.of("r1", "r2"), "flags", Map.of(), "except", List.of("r3")));
    }

    @Test
    void theKeyOptionPrefixesEveryChannel() {
        Emitter custom = Emitter.create(recorder, EmitterOptions.defaults().toBuilder().key("app").build());

        custom.to("r").emit("e");
        custom.socketsJoin("x");

        assertThat(recorder.sent).extracting(Sent::channel).containsExactly("app#/#r#", "app-request#/#");
    }

    @Test
    void flagsAreWrittenOnlyWhenSet() {
        emitter.asVolatile().compress(false).emit("e");

        assertThat(((List<?>) recorder.sent.get(0).msgpack()).get(2))
                .isEqualTo(Map.of("rooms", List.of(), "flags", Map.of("volatile", true, "compress", false),
                        "except", List.of()));
    }

    @Test
    void binaryArgumentsStayInlineAsMsgpackBin() {
        emitter.emit("file", (Object) new byte[] {1, 2, 3});

        Map<?, ?> packet = (Map<?, ?>) ((List<?>) recorder.sent.get(0).msgpack()).get(1);
        assertThat((List<?>) packet.get("data")).hasSize(2);
        assertThat((byte[]) ((List<?>) packet.get("data")).get(1)).containsExactly(1, 2, 3);
    }

    @Test
    void recordsAreWrittenAsJacksonWritesThem() {
        record Point(int x, int y) {
        }
        emitter.emit("p", new Point(1, 2));

        Map<?, ?> packet = (Map<?, ?>) ((List<?>) recorder.sent.get(0).msgpack()).get(1);
        assertThat(packet.get("data")).isEqualTo(List.of("p", Map.of("x", 1, "y", 2)));
    }

    @Test
    void socketsJoinLeaveAndDisconnectAreJsonRequests() {
        BroadcastOperator room = emitter.of("/chat").in("r1").except("r2");

        room.socketsJoin("a", "b");
        room.socketsLeave("a");
        room.disconnectSockets(true);

        assertThat(recorder.sent).extracting(Sent::channel).containsOnly("socket.io-request#/chat#");
        assertThat(recorder.sent.get(0).text())
                .isEqualTo("{\"type\":2,\"opts\":{\"rooms\":[\"r1\"],\"except\":[\"r2\"]},\"rooms\":[\"a\",\"b\"]}");
        assertThat(recorder.sent.get(1).text())
                .isEqualTo("{\"type\":3,\"opts\":{\"rooms\":[\"r1\"],\"except\":[\"r2\"]},\"rooms\":[\"a\"]}");
        assertThat(recorder.sent.get(2).text())
                .isEqualTo("{\"type\":4,\"opts\":{\"rooms\":[\"r1\"],\"except\":[\"r2\"]},\"close\":true}");
    }

    @Test
    void serverSideEmitIsAJsonRequestWithTheEmitterUid() {
        emitter.serverSideEmit("hello", 1, "two");

        assertThat(recorder.sent.get(0).channel()).isEqualTo("socket.io-request#/#");
        assertThat(Json.parse(recorder.sent.get(0).text()))
                .isEqualTo(Map.of("uid", "emitter", "type", 6, "data", List.of("hello", 1, "two")));
    }

    @Test
    void misuseIsRefusedBeforeAnythingIsSent() {
        assertThatThrownBy(() -> emitter.emit("connect")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("reserved");
        assertThatThrownBy(() -> emitter.to("r").emit("disconnecting")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> emitter.serverSideEmit("newListener")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> emitter.serverSideEmit("bin", (Object) new byte[1]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("binary");
        assertThatThrownBy(() -> emitter.socketsJoin()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> emitter.to((String) null)).isInstanceOf(NullPointerException.class);
        assertThat(recorder.sent).isEmpty();
    }

    @Test
    void aMessageOverMaxMessageBytesIsRefused() {
        Emitter small = Emitter.create(recorder, EmitterOptions.defaults().toBuilder().maxMessageBytes(100).build());

        assertThatThrownBy(() -> small.emit("big", "x".repeat(200))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxMessageBytes");
        assertThat(small.emit("small", "x").join()).isEqualTo(2L);
        assertThat(recorder.sent).hasSize(1);
    }

    @Test
    void operatorsAreImmutable() {
        BroadcastOperator base = emitter.to("a");
        BroadcastOperator narrowed = base.to("b").except("c");

        assertThat(base.rooms()).containsExactly("a");
        assertThat(base.exceptRooms()).isEmpty();
        assertThat(narrowed.rooms()).containsExactly("a", "b");
        assertThat(narrowed.exceptRooms()).containsExactly("c");
    }

    @Test
    void aPublisherFailureCompletesTheFutureExceptionally() {
        Publisher failing = new Publisher() {
            @Override
            public CompletionStage<Long> publish(String channel, byte[] message) {
                throw new IllegalStateException("emitter closed");
            }

            @Override
            public void close() {
            }
        };

        assertThat(Emitter.create(failing, EmitterOptions.defaults()).emit("e")).isCompletedExceptionally();
    }

    @Test
    void closeClosesThePublisherSharedWithNamespaces() {
        emitter.of("/other").close();

        assertThat(recorder.closed).isTrue();
    }

    @Test
    void createWithoutARedisUriIsRefused() {
        assertThatThrownBy(() -> Emitter.create(EmitterOptions.defaults()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("uri");
    }
}
