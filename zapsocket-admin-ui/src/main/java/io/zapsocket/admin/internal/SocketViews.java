package io.zapsocket.admin.internal;

import io.zapsocket.server.Handshake;
import io.zapsocket.server.RemoteSocket;
import io.zapsocket.server.ServerSocket;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Sockets as the UI reads them ({@code SerializedSocket} of the Node package): id, clientId, transport, nsp, data
 * (without the {@code _admin} entry that carries clientId and transport to the other nodes), handshake, rooms.
 */
public final class SocketViews {
    /** The entry of {@code socket.data()} where the instrumentation keeps what the other nodes need to show. */
    public static final String ADMIN_KEY = "_admin";

    private SocketViews() {
    }

    public static Map<String, Object> adminData(ServerSocket socket) {
        Map<String, Object> admin = new LinkedHashMap<>();
        String conn = socket.connectionId();
        admin.put("clientId", conn == null ? null : conn.substring(0, Math.min(12, conn.length())));
        admin.put("transport", socket.transport().toString());
        return admin;
    }

    public static Map<String, Object> of(ServerSocket s, String nsp) {
        return view(s.id(), nsp, s.data(), s.handshake(), s.rooms());
    }

    public static Map<String, Object> of(RemoteSocket s, String nsp) {
        return view(s.id(), nsp, s.data(), s.handshake(), s.rooms());
    }

    private static Map<String, Object> view(String id, String nsp, Map<String, Object> data, Handshake h,
            Set<String> rooms) {
        Map<String, Object> v = new LinkedHashMap<>();
        Object admin = data == null ? null : data.get(ADMIN_KEY);
        Map<?, ?> a = admin instanceof Map<?, ?> m ? m : Map.of();
        v.put("id", id);
        v.put("clientId", a.get("clientId"));
        v.put("transport", a.get("transport"));
        v.put("nsp", nsp);
        v.put("data", userData(data));
        v.put("handshake", handshake(h));
        v.put("rooms", new ArrayList<>(rooms));
        return v;
    }

    public static Map<String, Object> userData(Map<String, Object> data) {
        Map<String, Object> d = new LinkedHashMap<>();
        if (data != null) {
            data.forEach((k, val) -> {
                if (!ADMIN_KEY.equals(k)) {
                    d.put(k, val);
                }
            });
        }
        return d;
    }

    private static Map<String, Object> handshake(Handshake h) {
        Map<String, Object> v = new LinkedHashMap<>();
        if (h == null) {
            return v;
        }
        String forwarded = first(h.headers(), "cf-connecting-ip");
        if (forwarded == null) {
            forwarded = first(h.headers(), "x-forwarded-for");
        }
        v.put("address", forwarded != null ? forwarded : h.address());
        Map<String, Object> headers = new LinkedHashMap<>();
        h.headers().forEach((k, values) -> headers.put(k.toLowerCase(java.util.Locale.ROOT),
                values.size() == 1 ? values.get(0) : String.join(", ", values)));
        v.put("headers", headers);
        Map<String, Object> query = new LinkedHashMap<>();
        h.query().forEach((k, values) -> query.put(k, values.isEmpty() ? "" : values.get(values.size() - 1)));
        v.put("query", query);
        v.put("issued", h.issued());
        v.put("secure", h.secure());
        v.put("time", h.time().toString());
        v.put("url", h.url());
        v.put("xdomain", h.xdomain());
        return v;
    }

    private static String first(Map<String, List<String>> headers, String name) {
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
                return e.getValue().get(0);
            }
        }
        return null;
    }
}
