package io.zapsocket.server.internal.engine;

import io.netty.handler.codec.http.HttpHeaders;
import io.zapsocket.server.CorsOptions;

/** CORS headers as the {@code cors} npm package writes them (what Node Socket.IO uses). */
final class Cors {
    private Cors() {
    }

    /** Headers for every response: origin, credentials, exposed headers. */
    static void addHeaders(CorsOptions cors, String origin, HttpHeaders out) {
        if (cors.anyOrigin()) {
            if (cors.credentials() && origin != null) {
                out.set("Access-Control-Allow-Origin", origin);
                out.add("Vary", "Origin");
            } else {
                out.set("Access-Control-Allow-Origin", "*");
            }
        } else {
            if (cors.allows(origin)) {
                out.set("Access-Control-Allow-Origin", origin);
            }
            out.add("Vary", "Origin");
        }
        if (cors.credentials()) {
            out.set("Access-Control-Allow-Credentials", "true");
        }
        if (!cors.exposedHeaders().isEmpty()) {
            out.set("Access-Control-Expose-Headers", String.join(",", cors.exposedHeaders()));
        }
    }

    /** Extra headers of a preflight ({@code OPTIONS}) answer. */
    static void addPreflightHeaders(CorsOptions cors, HttpHeaders request, HttpHeaders out) {
        out.set("Access-Control-Allow-Methods", String.join(",", cors.methods()));
        if (cors.allowedHeaders() == null) {
            String requested = request.get("Access-Control-Request-Headers");
            if (requested != null) {
                out.set("Access-Control-Allow-Headers", requested);
            }
            out.add("Vary", "Access-Control-Request-Headers");
        } else if (!cors.allowedHeaders().isEmpty()) {
            out.set("Access-Control-Allow-Headers", String.join(",", cors.allowedHeaders()));
        }
        if (cors.maxAge() != null) {
            out.set("Access-Control-Max-Age", String.valueOf(cors.maxAge().toSeconds()));
        }
    }
}
