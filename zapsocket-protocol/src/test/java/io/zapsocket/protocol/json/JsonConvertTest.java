package io.zapsocket.protocol.json;

import com.fasterxml.jackson.core.type.TypeReference;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonConvertTest {

    record Point(int x, long y, String label) {
    }

    record Upload(String name, byte[] content, Instant at) {
    }

    @Test
    void bindsDecodedMapsToRecordsIgnoringUnknownProperties() {
        Object decoded = Json.parse("{\"x\":1,\"y\":5000000000,\"label\":\"p\",\"extra\":[1]}");
        assertThat(Json.convert(decoded, Point.class)).isEqualTo(new Point(1, 5_000_000_000L, "p"));
    }

    @Test
    void bindsGenericTypes() {
        Object decoded = Json.parse("[{\"x\":1,\"y\":2},{\"x\":3,\"y\":4,\"label\":null}]");
        List<Point> points = Json.convert(decoded, new TypeReference<List<Point>>() {
        });
        assertThat(points).containsExactly(new Point(1, 2, null), new Point(3, 4, null));
        Map<String, Integer> m = Json.convert(Map.of("a", 1), new TypeReference<Map<String, Integer>>() {
        });
        assertThat(m).containsEntry("a", 1);
    }

    @Test
    void bindsAttachmentsAndDates() {
        byte[] bytes = {1, 2, 3};
        Upload u = Json.convert(Map.of("name", "f", "content", bytes, "at", "2024-01-31T12:34:56.789Z"),
                Upload.class);
        assertThat(u.content()).containsExactly(1, 2, 3);
        assertThat(u.at()).isEqualTo(Instant.parse("2024-01-31T12:34:56.789Z"));
        assertThat(Json.convert(Map.of("at", 1000), Upload.class).at()).isEqualTo(Instant.ofEpochMilli(1000));
    }

    @Test
    void returnsNullForNull() {
        assertThat(Json.convert(null, Point.class)).isNull();
    }

    @Test
    void reportsMismatchesAsIllegalArgument() {
        assertThatThrownBy(() -> Json.convert(Map.of("x", "not a number"), Point.class))
                .isInstanceOf(IllegalArgumentException.class).hasCauseInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(Point.class.getName());
        assertThatThrownBy(() -> Json.convert(List.of(1), Point.class)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Json.convert(Map.of("at", "yesterday"), Upload.class))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void sharedMapperIsStable() {
        assertThat(Json.mapper()).isSameAs(Json.mapper());
    }
}
