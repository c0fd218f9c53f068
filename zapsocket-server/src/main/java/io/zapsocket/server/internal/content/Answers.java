package io.zapsocket.server.internal.content;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.zapsocket.server.internal.transport.HttpExchange;
import java.util.Locale;

/** The answers shared by the content routes: conditional GET, gzip negotiation, errors. */
final class Answers {
    private Answers() {
    }

    /** GET and HEAD are served; anything else gets 405 (answered here). */
    static boolean readMethod(HttpExchange ex) {
        HttpMethod m = ex.method();
        if (HttpMethod.GET.equals(m) || HttpMethod.HEAD.equals(m)) {
            return true;
        }
        HttpHeaders h = new DefaultHttpHeaders().set(HttpHeaderNames.ALLOW, "GET, HEAD");
        ex.respond(HttpResponseStatus.METHOD_NOT_ALLOWED, HttpExchange.TEXT_PLAIN_UTF8, bytes("Method Not Allowed"),
                h, false);
        return false;
    }

    static void error(HttpExchange ex, HttpResponseStatus status) {
        ex.respond(status, HttpExchange.TEXT_PLAIN_UTF8, bytes(status.reasonPhrase()), null, false);
    }

    /** Whether the request's {@code If-None-Match} matches {@code etag} (weak comparison, RFC 9110 §13.1.2). */
    static boolean notModified(HttpExchange ex, String etag) {
        String inm = ex.headers().get(HttpHeaderNames.IF_NONE_MATCH);
        if (inm == null) {
            return false;
        }
        String opaque = etag.startsWith("W/") ? etag.substring(2) : etag;
        for (String candidate : inm.split(",")) {
            String c = candidate.trim();
            if (c.equals("*")) {
                return true;
            }
            if (c.startsWith("W/")) {
                c = c.substring(2);
            }
            if (c.equals(opaque)) {
                return true;
            }
        }
        return false;
    }

    /** 304 with the validators, no body. */
    static void notModified(HttpExchange ex, String etag, String cacheControl) {
        HttpHeaders h = new DefaultHttpHeaders()
                .set(HttpHeaderNames.ETAG, etag)
                .set(HttpHeaderNames.CACHE_CONTROL, cacheControl);
        ex.respond(HttpResponseStatus.NOT_MODIFIED, null, null, h, false);
    }

    /** 200 with the entity (gzip-encoded if the client accepts it), or 304 if the client has it. */
    static void entity(HttpExchange ex, Entity e, String cacheControl) {
        if (notModified(ex, e.etag())) {
            notModified(ex, e.etag(), cacheControl);
            return;
        }
        HttpHeaders h = new DefaultHttpHeaders()
                .set(HttpHeaderNames.ETAG, e.etag())
                .set(HttpHeaderNames.CACHE_CONTROL, cacheControl)
                .set("X-Content-Type-Options", "nosniff");
        byte[] body = e.body();
        if (e.gzipped() != null) {
            h.set(HttpHeaderNames.VARY, "Accept-Encoding");
            if (acceptsGzip(ex.headers().get(HttpHeaderNames.ACCEPT_ENCODING))) {
                h.set(HttpHeaderNames.CONTENT_ENCODING, "gzip");
                body = e.gzipped();
            }
        }
        // for HEAD the codec writes the headers (Content-Length included) and drops the body
        ex.respond(HttpResponseStatus.OK, e.contentType(), body, h, false);
    }

    /** {@code gzip} (or {@code *}) listed with a non-zero quality. */
    static boolean acceptsGzip(String acceptEncoding) {
        if (acceptEncoding == null) {
            return false;
        }
        boolean star = false;
        for (String part : acceptEncoding.split(",")) {
            String[] p = part.trim().split(";");
            String coding = p[0].trim().toLowerCase(Locale.ROOT);
            boolean zero = false;
            for (int i = 1; i < p.length; i++) {
                String param = p[i].trim().toLowerCase(Locale.ROOT);
                if (param.startsWith("q=")) {
                    try {
                        zero = Double.parseDouble(param.substring(2).trim()) <= 0;
                    } catch (NumberFormatException nfe) {
                        zero = true;
                    }
                }
            }
            if (coding.equals("gzip") || coding.equals("x-gzip")) {
                return !zero;
            }
            if (coding.equals("*")) {
                star = !zero;
            }
        }
        return star;
    }

    static byte[] bytes(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
