package io.zapsocket.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.zapsocket.client.ClientSocket;
import io.zapsocket.protocol.Args;
import io.zapsocket.protocol.EventHandler;
import io.zapsocket.sync.client.PresenceView;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * {@link PresenceView} against a scripted socket: a diff that overtakes the subscribe answer, and diffs in reverse
 * version order (the server can send both: diffs are made on different threads), end in the server's state.
 */
class PresenceViewOrderTest {
    private final List<EventHandler> diffHandlers = new ArrayList<>();
    private final List<CompletableFuture<Args>> subscribes = new ArrayList<>();

    private ClientSocket socket() {
        return (ClientSocket) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {ClientSocket.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "connected" -> true;
                    case "on" -> {
                        diffHandlers.add((EventHandler) args[1]);
                        yield proxy;
                    }
                    case "onConnect" -> proxy;
                    case "emitWithAck" -> {
                        CompletableFuture<Args> f = new CompletableFuture<>();
                        subscribes.add(f);
                        yield f;
                    }
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private void diff(long version, Map<String, Object> joins, Map<String, Object> leaves) throws Exception {
        for (EventHandler h : diffHandlers) {
            h.handle(Args.of(List.of(Map.of("room", "lobby", "version", version, "joins", joins, "leaves", leaves))),
                    null);
        }
    }

    private static List<String> keysAndRefs(List<PresenceEntry> members) {
        return members.stream().map(e -> e.key() + ":" + e.metas().stream().map(PresenceEntry.Meta::ref).toList())
                .toList();
    }

    private static Map<String, Object> one(String key, String ref) {
        return Map.of(key, List.of(Map.of("ref", ref, "meta", Map.of())));
    }

    @Test
    void diffsOvertakingTheAnswerOrOutOfVersionOrderEndInTheServersState() throws Exception {
        PresenceView view = PresenceView.follow(socket(), "lobby", members -> { });
        diff(6, one("b", "r2"), Map.of()); // overtakes the answer
        subscribes.get(0).complete(Args.of(List.of(Map.of("room", "lobby", "version", 5, "state", one("a", "r1")))));
        assertThat(keysAndRefs(view.members())).containsExactly("a:[r1]", "b:[r2]");

        diff(8, Map.of(), one("a", "r1"));  // before 7
        assertThat(keysAndRefs(view.members())).containsExactly("a:[r1]", "b:[r2]");
        diff(7, one("a", "r3"), Map.of());
        assertThat(keysAndRefs(view.members())).containsExactly("a:[r3]", "b:[r2]");
        diff(7, one("a", "r9"), Map.of());  // a repeat: ignored
        assertThat(keysAndRefs(view.members())).containsExactly("a:[r3]", "b:[r2]");
    }
}
