package io.zapsocket.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Namespaces: {@code /admin} with its middleware, dynamic {@code /dyn-N}, unknown ones, multiplexing. */
public abstract class NamespaceContract extends InteropContract {

    @Test
    void adminRefusesWithoutRole() {
        DriverClient c = connect(client("guest", "/admin").auth(Map.of("role", "guest")).subscribe("welcome"));

        DriverEvent error = c.awaitEvent("connect_error");
        assertThat(error.text("message")).isEqualTo("forbidden");
        assertThat(error.field("data").isNull() || error.field("data").isMissingNode()).isTrue();
        assertThat(c.state().path("active").asBoolean()).isFalse();
        c.assertNoEvent("connect");
    }

    @Test
    void adminAcceptsAdminRole() {
        DriverClient c = connect(client("admin", "/admin").auth(Map.of("role", "admin")).subscribe("welcome"));

        String id = c.awaitConnect();
        JsonNode welcome = c.awaitMessage("welcome").arg(0);
        assertThat(welcome.path("id").asText()).isEqualTo(id);
        assertThat(welcome.path("auth")).isEqualTo(Json.tree(Map.of("role", "admin")));
        assertThat(c.request("echo", "in /admin", 7)).isEqualTo(Json.array("in /admin", 7));
    }

    @Test
    void dynamicNamespaceIsCreatedOnDemand() {
        DriverClient c = connect(client("dyn", "/dyn-42").subscribe("hello"));

        c.awaitConnect();
        assertThat(c.awaitMessage("hello").arg(0)).isEqualTo(Json.tree(Map.of("nsp", "/dyn-42")));
        assertThat(c.request("echo", "in /dyn-42")).isEqualTo(Json.array("in /dyn-42"));
    }

    @Test
    void unknownNamespaceIsRefused() {
        DriverClient c = connect(client("unknown", "/nope"));

        assertThat(c.awaitEvent("connect_error").text("message")).isEqualTo("Invalid namespace");
        c.assertNoEvent("connect");
    }

    @Test
    void nonMatchingDynamicNameIsRefused() {
        DriverClient c = connect(client("bad-dyn", "/dyn-x1"));

        assertThat(c.awaitEvent("connect_error").text("message")).isEqualTo("Invalid namespace");
    }

    @Test
    void namespacesAreMultiplexedOverOneConnection() {
        DriverClient main = connect(client("main").forceNew(false).subscribe("welcome"));
        DriverClient admin = connect(
                client("admin", "/admin").forceNew(false).auth(Map.of("role", "admin")).subscribe("welcome"));

        String mainId = main.awaitConnect();
        String adminId = admin.awaitConnect();
        assertThat(adminId).isNotEqualTo(mainId);
        assertThat(main.awaitMessage("welcome").arg(0).path("id").asText()).isEqualTo(mainId);
        assertThat(admin.awaitMessage("welcome").arg(0).path("id").asText()).isEqualTo(adminId);
        String engineId = main.state().path("engineId").asText();
        assertThat(engineId).isNotEmpty();
        assertThat(admin.state().path("engineId").asText()).isEqualTo(engineId);
        assertThat(main.request("echo", "main")).isEqualTo(Json.array("main"));
        assertThat(admin.request("echo", "admin")).isEqualTo(Json.array("admin"));
    }
}
