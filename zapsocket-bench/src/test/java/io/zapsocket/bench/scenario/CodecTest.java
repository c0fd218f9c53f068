package io.zapsocket.bench.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.zapsocket.protocol.sio.SioMsgpackCodec;
import io.zapsocket.protocol.sio.SioPacket;
import io.zapsocket.protocol.sio.SioPacketType;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class CodecTest {

    @Test
    void jsonEventIsTheDefaultParsersText() {
        byte[] p = Codec.JSON.event(7, Codec.JSON.body("echo", "hi"));
        assertThat(new String(p, StandardCharsets.US_ASCII)).isEqualTo("427[\"echo\",\"hi\"]");
    }

    @Test
    void msgpackEventDecodesWithTheServersCodecForEveryIdWidth() {
        String payload = Wire.seqPayload(42, 100);
        byte[] body = Codec.MSGPACK.body("publish", "r", payload);
        for (long id : new long[] {0, 127, 128, 255, 256, 65_535, 65_536, 4_294_967_295L, 4_294_967_296L}) {
            SioPacket p = SioMsgpackCodec.decode(Codec.MSGPACK.event(id, body));
            assertThat(p.type()).isEqualTo(SioPacketType.EVENT);
            assertThat(p.nsp()).isEqualTo("/");
            assertThat(p.id()).as("id %d", id).isEqualTo(id);
            assertThat(p.data()).isEqualTo(List.of("publish", "r", payload));
        }
    }
}
