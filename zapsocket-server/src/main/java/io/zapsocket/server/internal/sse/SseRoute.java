package io.zapsocket.server.internal.sse;

import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.zapsocket.server.SseOptions;
import io.zapsocket.server.internal.transport.HttpExchange;
import io.zapsocket.server.internal.transport.HttpRoute;
import io.zapsocket.server.internal.transport.HttpStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET path?nsp=/chat&room=a&room=b} (or {@code rooms=a,b}): checks the request, asks the
 * {@link io.zapsocket.server.SseAuthorizer}, then answers {@code 200 text/event-stream} and registers the
 * subscriber with the namespace's {@link SseHub}. With {@code Last-Event-ID} (header, or {@code lastEventId} in the
 * query for a first connection) it replays what the adapter still holds after that id, or sends
 * {@code event: zap:resync} when it holds nothing. Refusals are JSON {@code {"error", "message"}}.
 */
public final class SseRoute implements HttpRoute {
    private static final Logger log = LoggerFactory.getLogger(SseRoute.class);
    private static final int MAX_ROOM_LENGTH = 256;

    private final SseOptions options;
    private final Function<String, SseHub> hubs;
    private final AtomicInteger subscribers = new AtomicInteger();

    /** @param hubs the hub of an existing namespace, {@code null} when there is none (never creates one) */
    public SseRoute(SseOptions options, Function<String, SseHub> hubs) {
        this.options = options;
        this.hubs = hubs;
    }

    public int subscribers() {
        return subscribers.get();
    }

    @Override
    public void handle(HttpExchange ex) {
        if (!HttpMethod.GET.equals(ex.method())) {
            refuse(ex, HttpResponseStatus.METHOD_NOT_ALLOWED, "method_not_allowed", "Server-Sent Events take GET");
            return;
        }
        String nsp = ex.queryParam("nsp") == null ? "/" : ex.queryParam("nsp");
        if (!nsp.startsWith("/")) {
            refuse(ex, HttpResponseStatus.BAD_REQUEST, "bad_request", "nsp must start with /");
            return;
        }
        Set<String> rooms = new LinkedHashSet<>();
        for (String r : ex.query().getOrDefault("room", List.of())) {
            rooms.add(r);
        }
        for (String list : ex.query().getOrDefault("rooms", List.of())) {
            for (String r : list.split(",")) {
                if (!r.isEmpty()) {
                    rooms.add(r);
                }
            }
        }
        if (rooms.size() > options.maxRooms()) {
            refuse(ex, HttpResponseStatus.BAD_REQUEST, "too_many_rooms",
                    rooms.size() + " rooms, over the limit of " + options.maxRooms());
            return;
        }
        for (String r : rooms) {
            if (r.isEmpty() || r.length() > MAX_ROOM_LENGTH) {
                refuse(ex, HttpResponseStatus.BAD_REQUEST, "bad_request", "a room name has 1 to " + MAX_ROOM_LENGTH
                        + " characters");
                return;
            }
        }
        SseHub hub = hubs.apply(nsp);
        if (hub == null) {
            refuse(ex, HttpResponseStatus.NOT_FOUND, "unknown_namespace", "no namespace " + nsp);
            return;
        }
        if (subscribers.get() >= options.maxSubscribers()) {
            log.warn("SSE: {} subscribers, refusing more (maxSubscribers)", subscribers.get());
            refuse(ex, HttpResponseStatus.SERVICE_UNAVAILABLE, "too_many_subscribers",
                    "this server holds its maximum of " + options.maxSubscribers() + " subscriptions");
            return;
        }
        String lastEventId = ex.headers().get("Last-Event-ID");
        if (lastEventId == null) {
            lastEventId = ex.queryParam("lastEventId");
        }
        String resumeFrom = lastEventId == null || lastEventId.isBlank() ? null : lastEventId.trim();
        CompletionStage<?> verdict;
        try {
            verdict = options.authorizer().authorize(ex.toRequestInfo(), nsp, Set.copyOf(rooms));
            if (verdict == null) {
                verdict = CompletableFuture.failedFuture(new SecurityException("the authorizer answered null"));
            }
        } catch (RuntimeException e) {
            verdict = CompletableFuture.failedFuture(e);
        }
        EventLoop loop = ex.eventLoop();
        verdict.whenComplete((ok, err) -> loop.execute(() -> {
            if (err != null) {
                Throwable cause = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
                log.info("SSE: refused {} for {} {}: {}", ex.remoteAddress(), nsp, rooms, cause.toString());
                refuse(ex, HttpResponseStatus.FORBIDDEN, "forbidden",
                        cause.getMessage() == null ? "Forbidden" : cause.getMessage());
            } else {
                open(ex, hub, rooms, resumeFrom);
            }
        }));
    }

    private void open(HttpExchange ex, SseHub hub, Set<String> rooms, String resumeFrom) {
        if (!ex.channel().isActive() || ex.responded()) {
            return;
        }
        HttpHeaders h = new DefaultHttpHeaders()
                .set(HttpHeaderNames.CACHE_CONTROL, "no-cache, no-transform")
                .set("X-Accel-Buffering", "no");
        HttpStream stream = ex.respondStream(HttpResponseStatus.OK, "text/event-stream; charset=utf-8", h);
        subscribers.incrementAndGet();
        stream.onClose(subscribers::decrementAndGet);
        SseSubscriber sub = new SseSubscriber(hub, rooms, stream, options.maxBufferedBytes(),
                options.heartbeat().toNanos(), resumeFrom != null);
        stream.write(SseFrames.retry(options.retry().toMillis()));
        hub.add(sub); // live frames from now on (held while replaying)
        sub.start();
        if (resumeFrom == null) {
            return;
        }
        CompletableFuture<List<List<Object>>> missed;
        try {
            missed = hub.adapter().missedPackets(rooms, resumeFrom);
        } catch (RuntimeException e) {
            missed = CompletableFuture.failedFuture(e);
        }
        missed.orTimeout(10, TimeUnit.SECONDS).whenComplete((packets, err) -> stream.eventLoop().execute(() -> {
            if (err != null || packets == null) {
                if (err != null) {
                    log.warn("SSE: history read failed: {}", err.toString());
                }
                sub.resync(err != null ? "history unavailable" : "offset not in history");
                return;
            }
            List<String> frames = new ArrayList<>(packets.size());
            Set<String> offsets = new HashSet<>();
            for (List<Object> p : packets) {
                SseFrames.Event e = SseFrames.event(p, true);
                if (e != null) {
                    frames.add(SseFrames.frame(e));
                    if (e.offset() != null) {
                        offsets.add(e.offset());
                    }
                }
            }
            sub.replayed(frames, offsets);
        }));
    }

    private static void refuse(HttpExchange ex, HttpResponseStatus status, String code, String message) {
        HttpHeaders h = status == HttpResponseStatus.METHOD_NOT_ALLOWED
                ? new DefaultHttpHeaders().set(HttpHeaderNames.ALLOW, "GET") : null;
        ex.respondJsonError(status, code, message, h);
    }
}
