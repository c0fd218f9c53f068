package io.zapsocket.server.internal.sio;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.zapsocket.server.ServerOptions;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Typed handlers: the application's {@code ObjectMapper}, Bean Validation (Hibernate Validator is on the test class
 * path), and the documented answer to an invalid payload: through the ack, or the {@code invalid_payload} event.
 */
class TypedPayloadValidationTest {
    private DefaultSocketServer server;
    private final List<FakeEngineSession> sessions = new CopyOnWriteArrayList<>();
    private final List<Object> handled = new CopyOnWriteArrayList<>();

    record Item(@NotBlank String name) {
    }

    record Todo(@NotBlank @Size(max = 10) String title, @Max(5) int priority, List<@Valid Item> items) {
    }

    record Snake(String dueDate) {
    }

    @AfterEach
    void tearDown() {
        if (server != null) {
            server.close().join();
        }
        sessions.forEach(FakeEngineSession::shutdownLoop);
    }

    private FakeEngineSession connect(ServerOptions options) {
        server = new DefaultSocketServer(options);
        server.onConnection(s -> {
            s.on("todo", Todo.class, (todo, ack) -> {
                handled.add(todo);
                ack.send("ok");
            });
            s.on("snake", Snake.class, (snake, ack) -> handled.add(snake));
        });
        FakeEngineSession c = FakeEngineSession.open(server);
        sessions.add(c);
        c.receive("0");
        c.nextStartingWith("0{");
        return c;
    }

    @Test
    void validPayloadReachesTheHandler() {
        FakeEngineSession c = connect(ServerOptions.DEFAULT);

        c.receive("21[\"todo\",{\"title\":\"milk\",\"priority\":2,\"items\":[{\"name\":\"a\"}]}]");

        assertThat(c.next()).isEqualTo("31[\"ok\"]");
        assertThat(handled).containsExactly(new Todo("milk", 2, List.of(new Item("a"))));
    }

    @Test
    void invalidPayloadIsAnsweredThroughTheAckWithItsFieldErrorsAndNeverHandled() {
        FakeEngineSession c = connect(ServerOptions.DEFAULT);

        c.receive("27[\"todo\",{\"title\":\" \",\"priority\":9,\"items\":[{\"name\":\"\"}]}]");

        assertThat(c.next()).isEqualTo("37[{\"error\":\"invalid payload\",\"event\":\"todo\","
                + "\"message\":\"3 constraint violations\",\"fields\":["
                + "{\"path\":\"items[0].name\",\"message\":\"must not be blank\",\"constraint\":\"NotBlank\"},"
                + "{\"path\":\"priority\",\"message\":\"must be less than or equal to 5\",\"constraint\":\"Max\"},"
                + "{\"path\":\"title\",\"message\":\"must not be blank\",\"constraint\":\"NotBlank\"}]}]");
        c.assertNothingSent(50);
        assertThat(handled).isEmpty();
    }

    @Test
    void invalidPayloadWithoutAckIsAnsweredWithTheInvalidPayloadEvent() {
        FakeEngineSession c = connect(ServerOptions.DEFAULT);

        c.receive("2[\"todo\",{\"title\":\"far too long a title\",\"priority\":1}]");

        assertThat(c.next()).isEqualTo("2[\"invalid_payload\",{\"error\":\"invalid payload\",\"event\":\"todo\","
                + "\"message\":\"1 constraint violation\",\"fields\":[{\"path\":\"title\","
                + "\"message\":\"size must be between 0 and 10\",\"constraint\":\"Size\"}]}]");
        assertThat(handled).isEmpty();
    }

    @Test
    void payloadThatDoesNotBindNamesTheField() {
        FakeEngineSession c = connect(ServerOptions.DEFAULT);

        c.receive("23[\"todo\",{\"title\":\"milk\",\"priority\":\"high\"}]");
        c.receive("24[\"todo\",\"just a string\"]");

        assertThat(c.next()).startsWith("33[{\"error\":\"invalid payload\",\"event\":\"todo\","
                + "\"message\":\"cannot bind to Todo\",\"fields\":[{\"path\":\"priority\",\"message\":")
                .endsWith("\"constraint\":\"type\"}]}]");
        assertThat(c.next()).startsWith("34[{\"error\":\"invalid payload\",\"event\":\"todo\","
                + "\"message\":\"cannot bind to Todo\",\"fields\":[{\"path\":\"\",");
        assertThat(handled).isEmpty();
    }

    @Test
    void validationCanBeTurnedOff() {
        FakeEngineSession c = connect(ServerOptions.builder().validatePayloads(false).build());

        c.receive("21[\"todo\",{\"title\":\"\",\"priority\":9}]");

        assertThat(c.next()).isEqualTo("31[\"ok\"]");
        assertThat(handled).containsExactly(new Todo("", 9, null));
    }

    @Test
    void theApplicationsObjectMapperBindsPayloads() {
        ObjectMapper snakeCase = JsonMapper.builder()
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build();
        FakeEngineSession c = connect(ServerOptions.builder().objectMapper(snakeCase).build());

        c.receive("2[\"snake\",{\"due_date\":\"tomorrow\"}]");
        c.receive("21[\"todo\",{\"title\":\"milk\",\"priority\":1}]");

        assertThat(c.next()).isEqualTo("31[\"ok\"]");
        assertThat(handled).containsExactly(new Snake("tomorrow"), new Todo("milk", 1, null));
    }
}
