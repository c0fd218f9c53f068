package io.zapsocket.bench.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

class DeflateFanoutTest {

    @Test
    void thePublishedBodyIsJsonOfAboutThePayloadSizeLedByTheSequenceNumber() throws Exception {
        for (int size : new int[] {1024, 16 * 1024}) {
            byte[][] template = DeflateFanout.publishTemplate(size);
            byte[] body = DeflateFanout.publishBody(template, 42);
            JsonNode tree = new ObjectMapper().readTree(body);
            assertThat(tree.get(0).asText()).isEqualTo("publish");
            assertThat(tree.get(1).asText()).isEqualTo("r");
            JsonNode payload = tree.get(2);
            assertThat(payload.get(0).asText()).isEqualTo("0000000042:");
            assertThat(payload.get(1).path("name").asText()).isEqualTo("user-0");
            int payloadBytes = body.length - "[\"publish\",\"r\",]".length();
            assertThat(payloadBytes).isBetween(size, size + 120);
            // what a receiver finds in the server's 42["msg",[...]]
            byte[] msg = ("42[\"msg\"," + new String(body, 15, body.length - 16, "US-ASCII") + "]").getBytes("US-ASCII");
            assertThat(Wire.seqOf(Unpooled.wrappedBuffer(msg), 0, msg.length)).isEqualTo(42);
        }
    }
}
