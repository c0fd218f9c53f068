package io.zapsocket.server.adapter;

import io.zapsocket.protocol.json.Json;
import io.zapsocket.protocol.msgpack.Msgpack;
import io.zapsocket.protocol.sio.SioPacket;
import io.zapsocket.server.Handshake;
import io.zapsocket.server.Priority;
import io.zapsocket.server.RemoteSocket;
import io.zapsocket.server.internal.cluster.ClusterRemoteSocket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The shapes Node's adapters put on the wire, for adapters that talk to Node nodes: packets, broadcast options,
 * handshakes, socket descriptions of fetchSockets answers, ids. Used by {@link ClusterAdapter} and by adapters with
 * a protocol of their own (e.g. the classic Redis adapter).
 *
 * @since 0.2
 */
public final class ClusterWire {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final DateTimeFormatter JS_DATE =
            DateTimeFormatter.ofPattern("EEE MMM dd yyyy HH:mm:ss 'GMT+0000 (Coordinated Universal Time)'",
                    Locale.ROOT).withZone(ZoneOffset.UTC);

    private ClusterWire() {
    }

    /** Like socket.io-adapter's {@code randomId()}: 8 random bytes as 16 hex characters. */
    public static String randomId() {
        byte[] b = new byte[8];
        RANDOM.nextBytes(b);
        StringBuilder sb = new StringBuilder(16);
        for (byte x : b) {
            sb.append(Character.forDigit((x >> 4) & 0xf, 16)).append(Character.forDigit(x & 0xf, 16));
        }
        return sb.toString();
    }

    /** A broadcast packet as socket.io's adapters ship it: {@code {type: 2, data, nsp}} (never an ack id). */
    public static Map<String, Object> packet(SioPacket packet) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", 2);
        m.put("data", packet.args());
        m.put("nsp", packet.nsp());
        return m;
    }

    /** The event data ({@code [event, ...args]}) of a received packet object, or {@code null} if malformed. */
    @SuppressWarnings("unchecked")
    public static List<Object> packetData(Object packet) {
        if (!(packet instanceof Map<?, ?> m) || !(m.get("data") instanceof List<?> data) || data.isEmpty()) {
            return null;
        }
        return new ArrayList<>((List<Object>) data);
    }

    /** The namespace of a received packet object ({@code /} when absent). */
    public static String packetNsp(Object packet) {
        Object nsp = packet instanceof Map<?, ?> m ? m.get("nsp") : null;
        return nsp instanceof String s ? s : "/";
    }

    /**
     * {@code {rooms, except, flags}}, flags only with the keys Node would have set, plus Zap-Socket's
     * {@code priority} ({@code "high"}/{@code "low"}) when it is not the default: Node nodes ignore a flag they
     * don't know, Zap-Socket nodes deliver with the sender's priority.
     */
    public static Map<String, Object> options(BroadcastOptions opts, boolean withFlags) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rooms", new ArrayList<>(opts.rooms()));
        m.put("except", new ArrayList<>(opts.except()));
        if (withFlags) {
            m.put("flags", flags(opts.flags()));
        }
        return m;
    }

    public static Map<String, Object> flags(BroadcastOptions.Flags flags) {
        Map<String, Object> f = new LinkedHashMap<>();
        if (flags.isVolatile()) {
            f.put("volatile", true);
        }
        if (!flags.compress()) {
            f.put("compress", false);
        }
        if (flags.local()) {
            f.put("local", true);
        }
        if (flags.timeout() != null) {
            f.put("timeout", flags.timeout().toMillis());
        }
        if (flags.priority() != Priority.NORMAL) {
            f.put("priority", flags.priority().name().toLowerCase(Locale.ROOT));
        }
        return f;
    }

    /** Decodes {@code {rooms, except, flags?}}; {@code local} is never set on a received broadcast. */
    public static BroadcastOptions decodeOptions(Object raw) {
        Map<?, ?> m = raw instanceof Map<?, ?> map ? map : Map.of();
        Map<?, ?> f = m.get("flags") instanceof Map<?, ?> fm ? fm : Map.of();
        Duration timeout = f.get("timeout") instanceof Number n ? Duration.ofMillis(n.longValue()) : null;
        BroadcastOptions.Flags flags = new BroadcastOptions.Flags(Boolean.TRUE.equals(f.get("volatile")),
                !Boolean.FALSE.equals(f.get("compress")), false, timeout, priority(f.get("priority")));
        return new BroadcastOptions(strings(m.get("rooms")), strings(m.get("except")), flags);
    }

    /** {@code "high"} / {@code "low"} from a Zap-Socket node; anything else (Node sends none) is normal. */
    private static Priority priority(Object raw) {
        if ("high".equals(raw)) {
            return Priority.HIGH;
        }
        return "low".equals(raw) ? Priority.LOW : Priority.NORMAL;
    }

    /** A list of room names (numbers are formatted as JavaScript would). */
    public static Set<String> strings(Object raw) {
        Set<String> out = new LinkedHashSet<>();
        if (raw instanceof Collection<?> c) {
            for (Object o : c) {
                if (o instanceof String s) {
                    out.add(s);
                } else if (o != null) {
                    out.add(Json.stringify(o));
                }
            }
        }
        return out;
    }

    /** Node's {@code socket.handshake} shape, as sent in fetchSockets answers. */
    public static Map<String, Object> handshake(Handshake h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("headers", multiMap(h.headers(), true));
        m.put("time", JS_DATE.format(h.time()));
        m.put("address", h.address());
        m.put("xdomain", h.xdomain());
        m.put("secure", h.secure());
        m.put("issued", h.issued());
        m.put("url", h.url());
        m.put("query", multiMap(h.query(), false));
        m.put("auth", h.auth());
        return m;
    }

    private static Map<String, Object> multiMap(Map<String, List<String>> in, boolean headers) {
        Map<String, Object> out = new LinkedHashMap<>();
        in.forEach((k, v) -> {
            String key = headers ? k.toLowerCase(Locale.ROOT) : k;
            if (v.size() == 1) {
                out.put(key, v.get(0));
            } else if (headers && !"set-cookie".equals(key)) {
                out.put(key, String.join(", ", v)); // as Node's IncomingMessage.headers
            } else {
                out.put(key, List.copyOf(v));
            }
        });
        return out;
    }

    /** A {@link Handshake} from Node's shape (unknown or missing fields get neutral values). */
    @SuppressWarnings("unchecked")
    public static Handshake decodeHandshake(Object raw) {
        Map<String, Object> m = raw instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
        Instant time = m.get("issued") instanceof Number n ? Instant.ofEpochMilli(n.longValue()) : Instant.EPOCH;
        Map<String, Object> auth = m.get("auth") instanceof Map<?, ?> a ? (Map<String, Object>) a : Map.of();
        return new Handshake(listMap(m.get("headers")), time, m.get("address") instanceof String s ? s : null,
                Boolean.TRUE.equals(m.get("xdomain")), Boolean.TRUE.equals(m.get("secure")),
                m.get("url") instanceof String u ? u : null, listMap(m.get("query")), auth);
    }

    private static Map<String, List<String>> listMap(Object raw) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (raw instanceof Map<?, ?> m) {
            m.forEach((k, v) -> {
                List<String> values = new ArrayList<>();
                if (v instanceof Collection<?> c) {
                    c.forEach(x -> values.add(String.valueOf(x)));
                } else if (v != null) {
                    values.add(String.valueOf(v));
                }
                out.put(String.valueOf(k), List.copyOf(values));
            });
        }
        return out;
    }

    /** JSON if the payload starts with <code>{</code>, else msgpack (the Node adapters' rule). */
    public static Object decodeJsonOrMsgpack(byte[] payload) {
        if (payload.length > 0 && payload[0] == '{') {
            return Json.parse(new String(payload, StandardCharsets.UTF_8));
        }
        return Msgpack.decode(payload);
    }

    /** Local sockets as fetchSockets answers carry them: {@code {id, handshake, rooms, data}}. */
    public static List<Object> describeSockets(List<RemoteSocket> sockets) {
        List<Object> out = new ArrayList<>(sockets.size());
        for (RemoteSocket s : sockets) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", s.id());
            m.put("handshake", handshake(s.handshake()));
            m.put("rooms", new ArrayList<>(s.rooms()));
            m.put("data", s.data());
            out.add(m);
        }
        return out;
    }

    /**
     * {@code local} followed by the sockets described in fetchSockets {@code answers}; their operations go through
     * {@code adapter}, targeted at the room named after the socket id (as Node's {@code RemoteSocket}).
     */
    public static List<RemoteSocket> withRemoteSockets(List<RemoteSocket> local, Adapter adapter, String nsp,
                                                       List<Object> answers) {
        List<RemoteSocket> all = new ArrayList<>(local);
        for (Object s : answers) {
            RemoteSocket rs = ClusterRemoteSocket.decode(adapter, nsp, s);
            if (rs != null) {
                all.add(rs);
            }
        }
        return all;
    }
}
