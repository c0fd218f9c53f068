package io.zapsocket.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The HTTP publish API on any node of a cluster: two Zap-Socket nodes (separate JVMs, both serving
 * {@code POST /zap/publish}) and one Node socket.io 4.8 node on the same Redis ({@code @socket.io/redis-adapter}
 * protocol). A message posted to one Zap node reaches the clients in its rooms on the other Zap node and on the
 * Node node, and on the node it was posted to; {@code except} and a room without members are honoured.
 */
class PublishApiClusterIT extends ClusterFixture {
    private static final String KEY = "publish-key-for-the-cluster-test-0123456789";
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Override
    protected List<ClusterNodeProcess> startNodes(RedisServer redis) throws IOException {
        List<String> publish = List.of("--publish-key", KEY);
        return List.of(ClusterNodeProcess.zap("zap-a", redis, "pubsub", false, 0, publish),
                ClusterNodeProcess.zap("zap-b", redis, "pubsub", false, 0, publish),
                ClusterNodeProcess.node("node", redis, "pubsub", false));
    }

    private HttpResponse<String> post(ClusterNodeProcess node, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(node.url() + "/zap/publish"))
                .header("Authorization", "Bearer " + KEY).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aMessagePostedToOneZapNodeReachesTheClientsOfEveryNode() throws Exception {
        ClusterNodeProcess zapA = nodes.get(0);
        ClusterNodeProcess zapB = nodes.get(1);
        ClusterNodeProcess node = nodes.get(2);
        Client onA = connect(zapA, "ann", "news");
        Client onB = connect(zapB, "bob", "news");
        Client onNode = connect(node, "nia", "news");
        Client mutedOnB = connect(zapB, "max", "news", "muted");
        Client elsewhere = connect(node, "eve", "sport");
        sleep(300); // the nodes' subscriptions are in place; the rooms are local state

        for (ClusterNodeProcess target : List.of(zapA, zapB)) {
            HttpResponse<String> r = post(target, "{\"event\":\"msg\",\"args\":[\"via " + target.name
                    + "\",{\"n\":7}],\"rooms\":[\"news\"],\"except\":[\"muted\"]}");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(r.body()).contains("\"published\":1");
            for (Client c : List.of(onA, onB, onNode)) {
                DriverEvent got = c.driver().awaitMessage("msg", Duration.ofSeconds(10));
                assertThat(got.arg(0).asText()).as("%s on %s", c.user(), c.node()).isEqualTo("via " + target.name);
                assertThat(got.arg(1).path("n").asInt()).isEqualTo(7);
            }
        }
        HttpResponse<String> all = post(zapB, "{\"event\":\"msg\",\"args\":[\"to everyone\"]}");
        assertThat(all.statusCode()).as(all.body()).isEqualTo(200);
        for (Client c : List.of(onA, onB, onNode, mutedOnB, elsewhere)) {
            assertThat(c.driver().awaitMessage("msg", Duration.ofSeconds(10)).arg(0).asText())
                    .as("%s on %s", c.user(), c.node()).isEqualTo("to everyone");
        }
        sleep(300);
        for (Client c : List.of(onA, onB, onNode, mutedOnB, elsewhere)) {
            c.driver().assertNoMessage("msg"); // except and rooms were honoured, nothing twice
        }
    }
}
