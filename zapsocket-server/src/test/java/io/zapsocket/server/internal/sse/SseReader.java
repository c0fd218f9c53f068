package io.zapsocket.server.internal.sse;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A test's EventSource: parses the stream into events (and comments) on a daemon thread. */
final class SseReader implements AutoCloseable {
    record Event(String id, String event, String data) {
    }

    final HttpResponse<java.io.InputStream> response;
    final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    final BlockingQueue<String> comments = new LinkedBlockingQueue<>();
    volatile boolean ended;

    private SseReader(HttpResponse<java.io.InputStream> response) {
        this.response = response;
        Thread t = new Thread(this::read, "sse-reader");
        t.setDaemon(true);
        t.start();
    }

    static SseReader open(String url, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
        headers.forEach(b::header);
        HttpResponse<java.io.InputStream> r = HttpClient.newHttpClient().send(b.build(),
                HttpResponse.BodyHandlers.ofInputStream());
        return new SseReader(r);
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String id = null;
            String event = null;
            StringBuilder data = null;
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isEmpty()) {
                    if (data != null || event != null) {
                        events.add(new Event(id, event, data == null ? null : data.toString()));
                    }
                    id = null;
                    event = null;
                    data = null;
                } else if (line.startsWith(":")) {
                    comments.add(line.substring(1).trim());
                } else if (line.startsWith("id: ")) {
                    id = line.substring(4);
                } else if (line.startsWith("event: ")) {
                    event = line.substring(7);
                } else if (line.startsWith("data: ")) {
                    data = data == null ? new StringBuilder(line.substring(6)) : data.append('\n').append(line.substring(6));
                } else if (line.startsWith("retry: ")) {
                    comments.add(line);
                }
            }
        } catch (Exception e) {
            // closed
        } finally {
            ended = true;
        }
    }

    Event next() throws InterruptedException {
        Event e = events.poll(10, TimeUnit.SECONDS);
        if (e == null) {
            throw new AssertionError("no SSE event within 10 s");
        }
        return e;
    }

    @Override
    public void close() {
        try {
            response.body().close();
        } catch (Exception e) {
            // ignore
        }
    }
}
