package io.zapsocket.server;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The request snapshot's headers and query: stored packed, but a case-insensitive multi-map as before. */
class RequestInfoTest {

    private static RequestInfo info(Map<String, List<String>> query, Map<String, List<String>> headers) {
        return new RequestInfo("GET", "/socket.io/?EIO=4", query, headers, null, false, Instant.EPOCH);
    }

    @Test
    void headersAreCaseInsensitiveMultiValuedAndSortedLikeATreeMap() {
        Map<String, List<String>> raw = new LinkedHashMap<>();
        raw.put("Host", List.of("example.com"));
        raw.put("X-Multi", List.of("a", "b"));
        raw.put("cookie", List.of("k=v"));
        raw.put("x-multi", List.of("c")); // same name, other case: merged, first spelling kept
        raw.put("Empty", List.of(""));
        raw.put("Accept", List.of());
        RequestInfo r = info(Map.of(), raw);
        Map<String, List<String>> h = r.headers();

        assertThat(h.get("x-MULTI")).containsExactly("a", "b", "c");
        assertThat(r.header("HOST")).isEqualTo("example.com");
        assertThat(h.get("empty")).containsExactly("");
        assertThat(h.get("accept")).isEmpty();
        assertThat(r.header("accept")).isNull();
        assertThat(h.containsKey("COOKIE")).isTrue();
        assertThat(h.containsKey("cookies")).isFalse();
        assertThat(h.get("nope")).isNull();
        assertThat(h.get(42)).isNull();
        assertThat(h).hasSize(5);
        assertThat(new ArrayList<>(h.keySet())).containsExactly("Accept", "cookie", "Empty", "Host", "X-Multi");

        TreeMap<String, List<String>> expected = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        expected.put("Accept", List.of());
        expected.put("cookie", List.of("k=v"));
        expected.put("Empty", List.of(""));
        expected.put("Host", List.of("example.com"));
        expected.put("X-Multi", List.of("a", "b", "c"));
        assertThat(h).isEqualTo(expected);
        assertThat(h.hashCode()).isEqualTo(expected.hashCode());
        assertThat(h.toString()).isEqualTo(expected.toString());

        Handshake hs = new Handshake(h, Instant.EPOCH, "", false, false, r.url(), r.query(), Map.of());
        assertThat(hs.header("x-multi")).isEqualTo("a");
        assertThat(hs.headers().get("X-MULTI")).containsExactly("a", "b", "c");
    }

    @Test
    void queryKeepsItsOrderAndIsCaseSensitive() {
        Map<String, List<String>> q = new LinkedHashMap<>();
        q.put("transport", List.of("websocket"));
        q.put("EIO", List.of("4"));
        q.put("multi", List.of("1", "2"));
        RequestInfo r = info(q, Map.of());
        assertThat(new ArrayList<>(r.query().keySet())).containsExactly("transport", "EIO", "multi");
        assertThat(r.query().get("multi")).containsExactly("1", "2");
        assertThat(r.queryParam("multi")).isEqualTo("1");
        assertThat(r.query().get("eio")).isNull();
        assertThat(r.query()).isEqualTo(q);
        assertThat(info(Map.of(), Map.of()).query()).isEmpty();
        assertThat(info(Map.of(), Map.of()).headers()).isEmpty();
    }

    @Test
    void theMapsAreUnmodifiableCopies() {
        Map<String, List<String>> raw = new LinkedHashMap<>();
        List<String> values = new ArrayList<>(List.of("a"));
        raw.put("A", values);
        RequestInfo r = info(raw, raw);
        values.add("b");
        raw.put("B", List.of("x"));
        assertThat(r.headers().get("a")).containsExactly("a");
        assertThat(r.query()).containsOnlyKeys("A");
        assertThatThrownBy(() -> r.headers().put("C", List.of())).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> r.headers().get("A").add("c")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> r.query().entrySet().iterator().next().setValue(List.of()))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> r.query().keySet().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void nullNamesAndValuesAreRefused() {
        Map<String, List<String>> nullValue = new LinkedHashMap<>();
        List<String> withNull = new ArrayList<>();
        withNull.add(null);
        nullValue.put("A", withNull);
        assertThatThrownBy(() -> info(Map.of(), nullValue)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> info(nullValue, Map.of())).isInstanceOf(NullPointerException.class);
    }
}
