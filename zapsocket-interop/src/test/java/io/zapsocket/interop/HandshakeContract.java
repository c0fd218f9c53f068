package io.zapsocket.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The CONNECT handshake of namespace {@code /}: auth payload and middleware refusal. */
public abstract class HandshakeContract extends InteropContract {

    @Test
    void authPayloadIsEchoedInWelcome() {
        Map<String, Object> auth = Map.of("token", "abc", "n", 1, "nested", Map.of("list", List.of(1, "two", true)));
        DriverClient c = connect(client("a").auth(auth).subscribe("welcome"));

        String id = c.awaitConnect();
        JsonNode welcome = c.awaitMessage("welcome").arg(0);
        assertThat(welcome.path("id").asText()).isEqualTo(id);
        assertThat(welcome.path("auth")).isEqualTo(Json.tree(auth));
    }

    @Test
    void missingAuthIsAnEmptyObject() {
        DriverClient c = connect(client("a").subscribe("welcome"));

        c.awaitConnect();
        assertThat(c.awaitMessage("welcome").arg(0).path("auth")).isEqualTo(Json.object());
    }

    @Test
    void middlewareRefusalCarriesMessageAndData() {
        DriverClient c = connect(client("rejected").auth(Map.of("token", "reject")).subscribe("welcome"));

        DriverEvent error = c.awaitEvent("connect_error");
        assertThat(error.text("message")).isEqualTo("Not authorized");
        assertThat(error.field("data")).isEqualTo(Json.tree(Map.of("reason", "bad token")));
        JsonNode state = c.state();
        assertThat(state.path("connected").asBoolean()).isFalse();
        assertThat(state.path("active").asBoolean()).as("a refused socket does not reconnect").isFalse();
        c.assertNoEvent("connect");
        c.assertNoMessage("welcome");
    }

    @Test
    void anotherClientIsAcceptedAfterARefusal() {
        DriverClient rejected = connect(client("rejected").auth(Map.of("token", "reject")));
        rejected.awaitEvent("connect_error");

        DriverClient ok = connect(client("ok").auth(Map.of("token", "fine")).subscribe("welcome"));
        ok.awaitConnect();
        assertThat(ok.awaitMessage("welcome").arg(0).path("auth").path("token").asText()).isEqualTo("fine");
    }
}
