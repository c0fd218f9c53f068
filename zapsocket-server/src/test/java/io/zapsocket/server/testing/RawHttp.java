package io.zapsocket.server.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A minimal HTTP/1.1 client on plain sockets, for byte-exact control over requests (arbitrary headers,
 * chunked bodies, aborting a pending request) and exact responses.
 */
public final class RawHttp {
    private RawHttp() {
    }

    public record Response(int status, Map<String, List<String>> headers, byte[] body) {
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        /** First value of a header (case-insensitive), or {@code null}. */
        public String header(String name) {
            List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
            return v == null ? null : v.get(0);
        }
    }

    /** A request in flight on its own connection. */
    public static final class Pending {
        private final Socket socket;
        public final CompletableFuture<Response> response;

        Pending(Socket socket, CompletableFuture<Response> response) {
            this.socket = socket;
            this.response = response;
        }

        /** Closes the connection without waiting for the response. */
        public void abort() throws IOException {
            socket.close();
        }
    }

    public static Response get(int port, String target) throws Exception {
        return send(port, "GET", target, Map.of(), null);
    }

    public static Response post(int port, String target, String body) throws Exception {
        return send(port, "POST", target, Map.of("Content-Type", "text/plain;charset=UTF-8"),
                body.getBytes(StandardCharsets.UTF_8));
    }

    public static Response send(int port, String method, String target, Map<String, String> headers, byte[] body)
            throws Exception {
        return start(port, method, target, headers, body).response.get(10, java.util.concurrent.TimeUnit.SECONDS);
    }

    /** Sends the request and reads the response in the background. */
    public static Pending start(int port, String method, String target, Map<String, String> headers, byte[] body)
            throws IOException {
        StringBuilder head = new StringBuilder().append(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                .append("Host: 127.0.0.1:").append(port).append("\r\nConnection: close\r\n");
        headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
        if (body != null && !headers.containsKey("Transfer-Encoding")) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        head.append("\r\n");
        return startRaw(port, head.toString().getBytes(StandardCharsets.ISO_8859_1), body);
    }

    /** Sends raw bytes (request head, then body) and reads the response in the background. */
    public static Pending startRaw(int port, byte[] head, byte[] body) throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(15_000);
        OutputStream out = socket.getOutputStream();
        out.write(head);
        if (body != null) {
            out.write(body);
        }
        out.flush();
        CompletableFuture<Response> f = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try (socket) {
                f.complete(read(socket.getInputStream()));
            } catch (Throwable e) {
                f.completeExceptionally(e);
            }
        }, "raw-http-reader");
        t.setDaemon(true);
        t.start();
        return new Pending(socket, f);
    }

    public static Response read(InputStream in) throws IOException {
        String statusLine = line(in);
        if (statusLine == null) {
            throw new IOException("connection closed without a response");
        }
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        String l;
        while ((l = line(in)) != null && !l.isEmpty()) {
            int c = l.indexOf(':');
            headers.computeIfAbsent(l.substring(0, c).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(l.substring(c + 1).trim());
        }
        List<String> cl = headers.get("content-length");
        byte[] body;
        if (cl != null) {
            body = in.readNBytes(Integer.parseInt(cl.get(0)));
        } else {
            ByteArrayOutputStream bos = new ByteArrayOutputStream();
            in.transferTo(bos);
            body = bos.toByteArray();
        }
        return new Response(status, headers, body);
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                int n = sb.length();
                return n > 0 && sb.charAt(n - 1) == '\r' ? sb.substring(0, n - 1) : sb.toString();
            }
            sb.append((char) c);
        }
        return sb.length() == 0 ? null : sb.toString();
    }
}
