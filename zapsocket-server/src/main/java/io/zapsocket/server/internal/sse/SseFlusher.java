package io.zapsocket.server.internal.sse;

import io.netty.channel.EventLoop;
import java.util.ArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SSE subscribers of one event loop that queued frames this tick: one task flushes all of them, so a stream is
 * flushed (one syscall) at most once per tick however many broadcasts reached it, and a broadcast to 1 000
 * subscribers puts one task behind it, not 1 000. A subscriber is listed at most once per flush (its own flag).
 * Confined to its loop.
 */
final class SseFlusher implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(SseFlusher.class);

    private final EventLoop loop;
    private ArrayList<SseSubscriber> pending = new ArrayList<>();
    private ArrayList<SseSubscriber> spare = new ArrayList<>();
    private boolean scheduled;

    SseFlusher(EventLoop loop) {
        this.loop = loop;
    }

    /** Flushes {@code subscriber} in this tick's flush task; on the loop. */
    void schedule(SseSubscriber subscriber) {
        pending.add(subscriber);
        if (!scheduled) {
            scheduled = true;
            loop.execute(this);
        }
    }

    @Override
    public void run() {
        scheduled = false;
        ArrayList<SseSubscriber> batch = pending;
        pending = spare;
        try {
            for (int i = 0; i < batch.size(); i++) {
                try {
                    batch.get(i).flushNow();
                } catch (RuntimeException e) {
                    log.warn("SSE flush failed", e);
                }
            }
        } finally {
            batch.clear();
            spare = batch;
        }
    }
}
