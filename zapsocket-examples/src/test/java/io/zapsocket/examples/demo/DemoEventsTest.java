package io.zapsocket.examples.demo;

import io.socket.client.IO;
import io.socket.client.Socket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The demo's events, driven by the official Java client: acknowledgements, broadcasts and refusals. */
class DemoEventsTest {
    private DemoServer server;
    private final List<Socket> sockets = new ArrayList<>();

    @BeforeEach
    void start() {
        server = DemoServer.start("127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        sockets.forEach(Socket::close);
        server.close();
    }

    private Socket connect(Map<String, String> auth, BlockingQueue<Object[]> events, String... recorded)
            throws Exception {
        IO.Options o = new IO.Options();
        o.forceNew = true;
        o.reconnection = false;
        o.transports = new String[] {"websocket"};
        o.auth = auth;
        Socket s = IO.socket(URI.create("http://127.0.0.1:" + server.address().getPort()), o);
        sockets.add(s);
        CompletableFuture<Object> outcome = new CompletableFuture<>();
        s.on(Socket.EVENT_CONNECT, a -> outcome.complete("connected"));
        s.on(Socket.EVENT_CONNECT_ERROR, a -> outcome.complete(a[0]));
        for (String event : recorded) {
            s.on(event, a -> events.add(new Object[] {event, a[0]}));
        }
        s.connect();
        Object r = outcome.get(10, TimeUnit.SECONDS);
        if (!"connected".equals(r)) {
            throw new IllegalStateException(String.valueOf(r));
        }
        return s;
    }

    private static JSONObject call(Socket s, String event, Object... payload) throws Exception {
        CompletableFuture<Object> ack = new CompletableFuture<>();
        s.emit(event, payload, a -> ack.complete(a[0]));
        return (JSONObject) ack.get(10, TimeUnit.SECONDS);
    }

    private static JSONObject json(Object... kv) throws Exception {
        JSONObject o = new JSONObject();
        for (int i = 0; i < kv.length; i += 2) {
            o.put((String) kv[i], kv[i + 1]);
        }
        return o;
    }

    @Test
    void aConnectionWithoutAValidNameIsRefused() throws Exception {
        for (Map<String, String> auth : List.of(Map.<String, String>of(), Map.of("name", "  "),
                Map.of("name", "x".repeat(25)))) {
            try {
                connect(auth, new LinkedBlockingQueue<>());
                throw new AssertionError("connected with " + auth);
            } catch (IllegalStateException e) {
                assertThat(e.getMessage()).contains("invalid name");
            }
        }
    }

    @Test
    void changesAreAcknowledgedWithTheItemAndReachTheOthersOnTheTodoMap() throws Exception {
        BlockingQueue<Object[]> bobSees = new LinkedBlockingQueue<>();
        Socket alice = connect(Map.of("name", "Alice"), new LinkedBlockingQueue<>());
        Socket bob = connect(Map.of("name", "Bob"), bobSees, "map:change");
        JSONObject snapshot = call(bob, "map:subscribe", json("map", "todos"));
        assertThat(snapshot.getString("mode")).isEqualTo("cas");
        assertThat(snapshot.getJSONObject("entries").length()).isZero();

        JSONObject created = call(alice, "todo:create", json("opId", "o1", "id", "t1", "text", "  Buy milk "),
                json("zs:idem", "o1"));
        assertThat(created.getBoolean("ok")).isTrue();
        assertThat(created.getJSONObject("todo").getString("text")).isEqualTo("Buy milk");
        assertThat(created.getJSONObject("todo").getLong("version")).isEqualTo(1);
        Object[] changed = bobSees.poll(5, TimeUnit.SECONDS);
        JSONObject change = (JSONObject) changed[1];
        assertThat(change.getString("key")).isEqualTo("t1");
        assertThat(change.getLong("version")).isEqualTo(1);
        assertThat(change.getJSONObject("value").getString("updatedBy")).isEqualTo("Alice");

        JSONObject updated = call(alice, "todo:update", json("opId", "o2", "id", "t1", "baseVersion", 1,
                "completed", true), json("zs:idem", "o2"));
        assertThat(updated.getJSONObject("todo").getLong("version")).isEqualTo(2);

        JSONObject stale = call(alice, "todo:update", json("opId", "o3", "id", "t1", "baseVersion", 1,
                "text", "Buy bread"), json("zs:idem", "o3"));
        assertThat(stale.getBoolean("ok")).isFalse();
        assertThat(stale.getString("error")).isEqualTo("stale");
        assertThat(stale.getJSONObject("current").getBoolean("completed")).isTrue();

        // a replay (same idempotency key): the first answer, not applied again
        JSONObject replay = call(alice, "todo:update", json("opId", "o2", "id", "t1", "baseVersion", 1,
                "completed", true), json("zs:idem", "o2"));
        assertThat(replay.getBoolean("ok")).isTrue();
        assertThat(replay.getJSONObject("todo").getLong("version")).isEqualTo(2);

        assertThat(call(alice, "todo:delete", json("opId", "o4", "id", "t1"), json("zs:idem", "o4"))
                .getString("deleted")).isEqualTo("t1");
        assertThat(call(alice, "todo:delete", json("opId", "o5", "id", "t1"), json("zs:idem", "o5"))
                .getString("error")).isEqualTo("not_found");
        List<String> seen = new ArrayList<>();
        Object[] e;
        while ((e = bobSees.poll(500, TimeUnit.MILLISECONDS)) != null) {
            JSONObject c = (JSONObject) e[1];
            seen.add(c.getLong("seq") + ":" + c.getLong("version") + ":" + c.getBoolean("deleted"));
        }
        assertThat(seen).containsExactly("2:2:false", "3:3:true"); // no change for stale, replay or not found
        // pages cannot write the map directly: only through the checked todo events
        assertThat(call(alice, "map:set", json("map", "todos", "key", "t9", "value", json("text", "x"),
                "version", 0)).getJSONObject("error").getString("code")).isEqualTo("forbidden");
    }

    @Test
    void badPayloadsAreAnsweredWithAnErrorAndChangeNothing() throws Exception {
        Socket alice = connect(Map.of("name", "Alice"), new LinkedBlockingQueue<>());
        assertThat(call(alice, "todo:create", "just a string").getString("error")).isEqualTo("invalid");
        for (JSONObject bad : List.of(
                json("opId", "o1", "id", "t1", "text", ""),
                json("opId", "o1", "id", "t1", "text", "x".repeat(201)),
                json("opId", "o1", "id", "../t1", "text", "ok"),
                json("id", "t1", "text", "no op id"))) {
            JSONObject r = call(alice, "todo:create", bad);
            assertThat(r.getBoolean("ok")).as(bad.toString()).isFalse();
            assertThat(r.getString("error")).isEqualTo("invalid");
        }
        assertThat(call(alice, "todo:update", json("opId", "o2", "id", "t1", "completed", true)).getString("message"))
                .contains("baseVersion");
        assertThat(call(alice, "todo:update", json("opId", "o2", "id", "t1", "baseVersion", 1)).getString("message"))
                .contains("nothing to change");
        assertThat(call(alice, "chat:send", json("id", "m1", "text", "x".repeat(501))).getString("error"))
                .isEqualTo("invalid");
        JSONObject state = call(alice, "sync", json());
        assertThat(state.getJSONArray("todos").length()).isZero();
        assertThat(call(alice, "sync:history", json("stream", "chat", "after", 0))
                .getJSONArray("publications").length()).isZero();
    }

    @Test
    void syncAnswersTheListTheChatAndWhoIsOnline() throws Exception {
        Socket alice = connect(Map.of("name", "Alice"), new LinkedBlockingQueue<>());
        connect(Map.of("name", "Bob"), new LinkedBlockingQueue<>());
        call(alice, "todo:create", json("opId", "o1", "id", "t1", "text", "Buy milk"));
        JSONObject sent = call(alice, "chat:send", json("id", "m1", "text", "hello"), json("zs:idem", "m1"));
        assertThat(sent.getJSONObject("message").getString("name")).isEqualTo("Alice");
        assertThat(call(alice, "chat:send", json("id", "m1", "text", "hello"), json("zs:idem", "m1"))
                .getJSONObject("message").getLong("at"))
                .isEqualTo(sent.getJSONObject("message").getLong("at")); // resent with its key: the first answer

        JSONObject state = call(alice, "sync", json());
        assertThat(state.getJSONArray("todos").getJSONObject(0).getString("text")).isEqualTo("Buy milk");
        // the chat is the stream room "chat": published once
        assertThat(call(alice, "sync:history", json("stream", "chat", "after", 0))
                .getJSONArray("publications").length()).isEqualTo(1);
        assertThat(state.getJSONObject("presence").getJSONArray("users").toString())
                .contains("\"Alice\"").contains("\"Bob\"");
    }
}
