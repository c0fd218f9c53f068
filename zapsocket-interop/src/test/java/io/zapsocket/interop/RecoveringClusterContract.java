package io.zapsocket.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Clusters on the Streams adapter with connection state recovery: a client that loses its node and reconnects to
 * another one gets back its id, its rooms and every message it missed.
 */
abstract class RecoveringClusterContract extends ClusterContract {

    @Test
    void clientRecoversOnAnotherNodeWithEveryMissedMessage() {
        for (int from = 0; from < nodes.size(); from++) {
            int to = (from + 1) % nodes.size();
            ClusterNodeProcess origin = nodes.get(from);
            ClusterNodeProcess target = nodes.get(to);
            Client publisher = connect(target, "publisher-" + from);
            ClientSpec spec = ClientSpec.client("moving-" + from, origin.url() + "/").transports("websocket")
                    .reconnectionDelay(300, 300);
            Client c = connect(origin.url() + "/", spec, "mover", "news");

            List<Integer> got = new ArrayList<>();
            for (int k = 0; k < 3; k++) {
                publisher.request("to-room", "news", "msg", k);
            }
            for (int k = 0; k < 3; k++) {
                got.add(c.driver().awaitMessage("msg").arg(0).asInt());
            }
            c.driver().retarget(target.url() + "/");
            c.driver().awaitEvent("disconnect");
            for (int k = 3; k < 6; k++) {
                publisher.request("to-room", "news", "msg", k); // while the client is away
            }
            DriverEvent connect = c.driver().awaitEvent("connect", Duration.ofSeconds(15));
            assertThat(connect.field("recovered").asBoolean()).as("recovered on %s", target).isTrue();
            assertThat(connect.text("id")).as("same socket id").isEqualTo(c.id());
            DriverEvent welcome = c.driver().awaitMessage("welcome");
            assertThat(welcome.arg(0).path("node").asText()).isEqualTo(target.name);
            for (int k = 6; k < 9; k++) {
                publisher.request("to-room", "news", "msg", k); // rooms recovered: still in "news"
            }
            publisher.request("to-room", "news", "end");
            c.driver().awaitMessage("end");
            for (int k = 3; k < 9; k++) {
                got.add(c.driver().awaitMessage("msg").arg(0).asInt());
            }
            c.driver().assertNoMessage("msg");
            assertThat(got).as("%s -> %s", origin, target).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8);
            driver.reset();
        }
    }
}
