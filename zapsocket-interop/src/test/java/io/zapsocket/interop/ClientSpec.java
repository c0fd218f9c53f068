package io.zapsocket.interop;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What {@link NodeDriver#connect(ClientSpec)} creates: {@code io(url, opts)} plus the subscriptions attached before the
 * connection can deliver anything. {@code forceNew} defaults to {@code true} (the JS client caches Managers per origin
 * for the lifetime of the driver; tests about multiplexing set it to {@code false} explicitly).
 */
final class ClientSpec {
    final String client;
    final String url;
    final ObjectNode opts = Json.object();
    final ArrayNode subscribe = Json.MAPPER.createArrayNode();
    boolean onAny;
    boolean packets;

    private ClientSpec(String client, String url) {
        this.client = client;
        this.url = url;
        opts.put("forceNew", true);
    }

    /** Client {@code name} for {@code url} (a namespace is part of the URL: {@code http://127.0.0.1:N/admin}). */
    static ClientSpec client(String name, String url) {
        return new ClientSpec(name, url);
    }

    /** Any option of {@code io(url, opts)}. */
    ClientSpec opt(String key, Object value) {
        opts.set(key, Json.tree(value));
        return this;
    }

    ClientSpec transports(String... transports) {
        return opt("transports", transports);
    }

    ClientSpec auth(Object auth) {
        return opt("auth", auth);
    }

    ClientSpec forceNew(boolean forceNew) {
        return opt("forceNew", forceNew);
    }

    ClientSpec reconnection(boolean reconnection) {
        return opt("reconnection", reconnection);
    }

    /** Fast, deterministic reconnection for restart tests. */
    ClientSpec reconnectionDelay(long minMillis, long maxMillis) {
        opt("reconnectionDelay", minMillis);
        opt("reconnectionDelayMax", maxMillis);
        return opt("randomizationFactor", 0);
    }

    /** Report every occurrence of {@code events} as {@code event} lines; server acks are left unanswered. */
    ClientSpec subscribe(String... events) {
        for (String e : events) {
            subscribe.add(e);
        }
        return this;
    }

    /** Report {@code event} and answer the server's ack with {@code ackArgs}. */
    ClientSpec subscribeWithAck(String event, Object... ackArgs) {
        subscribe.addObject().put("event", event).set("ackWith", Json.array(ackArgs));
        return this;
    }

    /** Report {@code event} and answer the server's ack with the received args. */
    ClientSpec subscribeEcho(String event) {
        subscribe.addObject().put("event", event).put("ackWith", "echo");
        return this;
    }

    ClientSpec onAny() {
        this.onAny = true;
        return this;
    }

    /** Also report every Socket.IO packet the Manager receives ({@code packet} events). */
    ClientSpec packets() {
        this.packets = true;
        return this;
    }

    ObjectNode command() {
        ObjectNode cmd = Json.object();
        cmd.put("cmd", "connect");
        cmd.put("client", client);
        cmd.put("url", url);
        cmd.set("opts", opts.deepCopy());
        cmd.set("subscribe", subscribe.deepCopy());
        cmd.put("onAny", onAny);
        cmd.put("packets", packets);
        return cmd;
    }
}
