package io.zapsocket.server.internal.sse;

import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.ScheduledFuture;
import io.zapsocket.server.internal.transport.HttpStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code EventSource}: its rooms and its stream. Frames arrive from any thread and are written on the stream's
 * event loop, where all of this object's state lives. While it replays history after a {@code Last-Event-ID}, live
 * frames wait (bounded) and are written after the replay, those already replayed dropped; so a resumed subscriber
 * sees every event once, in order. A reader that lets more than {@code maxBufferedBytes} pile up is closed: its
 * browser reconnects and resumes. A live frame arrives as the broadcast's shared chunk (a duplicate this object owns
 * until it is written or dropped); it is queued without a flush, and the loop's {@link SseFlusher} flushes this
 * stream once at the end of the tick, however many frames it queued.
 */
final class SseSubscriber {
    private static final Logger log = LoggerFactory.getLogger(SseSubscriber.class);

    private record Pending(ByteBuf chunk, String offset) {
    }

    private final SseHub hub;
    private final Set<String> rooms;
    private final HttpStream stream;
    private final SseFlusher flusher;
    private final int maxBufferedBytes;
    private final long heartbeatNanos;
    private ScheduledFuture<?> heartbeat;
    private long lastWrite = System.nanoTime();
    private List<Pending> waiting; // non-null while replaying
    private long waitingBytes;
    private boolean closed;
    private boolean flushScheduled;
    private long skipped;

    SseSubscriber(SseHub hub, Set<String> rooms, HttpStream stream, int maxBufferedBytes, long heartbeatNanos,
            boolean replaying) {
        this.hub = hub;
        this.rooms = Set.copyOf(rooms);
        this.stream = stream;
        this.flusher = hub.flusher(stream.eventLoop());
        this.maxBufferedBytes = maxBufferedBytes;
        this.heartbeatNanos = heartbeatNanos;
        this.waiting = replaying ? new ArrayList<>() : null;
    }

    Set<String> rooms() {
        return rooms;
    }

    io.netty.channel.EventLoop eventLoop() {
        return stream.eventLoop();
    }

    /** Starts the heartbeat and stops everything when the peer goes away. Event loop. */
    void start() {
        long period = Math.max(heartbeatNanos / 2, TimeUnit.MILLISECONDS.toNanos(50));
        heartbeat = stream.eventLoop().scheduleAtFixedRate(this::beat, period, period, TimeUnit.NANOSECONDS);
        stream.onClose(() -> close("connection closed"));
    }

    private void beat() {
        if (!closed && System.nanoTime() - lastWrite >= heartbeatNanos) {
            write(SseFrames.comment("ping"));
        }
    }

    /**
     * A live frame: a broadcast's chunk, owned by this call (written or released). On this subscriber's event loop
     * (the hub hands frames over per loop).
     */
    void offer(ByteBuf chunk, String offset) {
        assert stream.eventLoop().inEventLoop();
        onLive(chunk, offset);
    }

    /** A broadcast reached this subscriber but SSE cannot carry it (binary). */
    void skipped() {
        stream.eventLoop().execute(() -> {
            if (skipped++ == 0) {
                log.debug("SSE subscriber {}: an event with binary arguments is not sent over SSE", rooms);
            }
        });
    }

    private void onLive(ByteBuf chunk, String offset) {
        if (closed) {
            chunk.release();
            return;
        }
        if (waiting != null) {
            waitingBytes += chunk.readableBytes();
            if (waitingBytes > maxBufferedBytes) {
                chunk.release();
                close("too many events during the replay");
                return;
            }
            waiting.add(new Pending(chunk, offset));
            return;
        }
        writeShared(chunk);
    }

    /** The replay: history frames, then what arrived meanwhile minus what the history held. Event loop. */
    void replayed(List<String> frames, Set<String> offsets) {
        for (String f : frames) {
            write(f);
        }
        endReplay(offsets);
    }

    /** History was unavailable: tell the page to resync, then go live. Event loop. */
    void resync(String reason) {
        write(SseFrames.resync(reason));
        endReplay(new HashSet<>());
    }

    private void endReplay(Set<String> replayedOffsets) {
        List<Pending> pending = waiting;
        waiting = null;
        waitingBytes = 0;
        if (pending == null) {
            return;
        }
        for (Pending p : pending) {
            if (p.offset() == null || !replayedOffsets.contains(p.offset())) {
                writeShared(p.chunk());
            } else {
                p.chunk().release();
            }
        }
    }

    /** Queues a broadcast's chunk (owned: written or released) and has the stream flushed at the end of the tick. */
    private void writeShared(ByteBuf chunk) {
        if (closed) {
            chunk.release();
            return;
        }
        if (stream.pendingBytes() + chunk.readableBytes() > maxBufferedBytes) {
            chunk.release();
            slow();
            return;
        }
        stream.writeChunk(chunk);
        lastWrite = System.nanoTime();
        if (!flushScheduled) {
            flushScheduled = true;
            flusher.schedule(this);
        }
    }

    /** Called by the loop's {@link SseFlusher}, once per tick in which frames were queued. */
    void flushNow() {
        flushScheduled = false;
        if (!closed) {
            stream.flush();
        }
    }

    private void slow() {
        log.info("SSE subscriber {} reads too slowly ({} bytes waiting): closing it; it will resume",
                rooms, stream.pendingBytes());
        close("slow reader");
    }

    void write(String text) {
        if (closed) {
            return;
        }
        if (stream.pendingBytes() + text.length() > maxBufferedBytes) {
            slow();
            return;
        }
        stream.write(text);
        lastWrite = System.nanoTime();
    }

    /** Idempotent; any thread. */
    void close(String reason) {
        if (!stream.eventLoop().inEventLoop()) {
            stream.eventLoop().execute(() -> close(reason));
            return;
        }
        if (closed) {
            return;
        }
        closed = true;
        log.debug("SSE subscriber {} closed: {}", rooms, reason);
        hub.remove(this);
        if (heartbeat != null) {
            heartbeat.cancel(false);
        }
        if (waiting != null) {
            for (Pending p : waiting) {
                p.chunk().release();
            }
            waiting = null;
        }
        stream.close();
    }
}
