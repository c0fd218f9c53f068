package io.zapsocket.server.internal.engine;

import io.netty.channel.EventLoop;
import io.zapsocket.server.ServerObserver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.zapsocket.server.internal.transport.CorkCache;
import io.zapsocket.server.internal.transport.OutFrame;

import java.util.ArrayList;
import java.util.List;

/**
 * The sessions of one event loop that have something to flush: one task per loop tick flushes all of them, where
 * each session used to queue a task of its own. A broadcast to a room of 10 000 then puts one task behind it, not
 * 10 000 (what the bare-Netty floor of the benchmarks does too). A session is listed at most once per flush (its
 * own {@code flushScheduled} flag), so the list holds at most the loop's sessions. Confined to its loop.
 */
final class LoopFlusher implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(LoopFlusher.class);

    private final EventLoop loop;
    private ArrayList<DefaultEngineSession> pending = new ArrayList<>();
    private ArrayList<DefaultEngineSession> spare = new ArrayList<>();
    private boolean scheduled;
    /** Reused by the flushes of this loop's WebSockets, which write synchronously; empty between uses. */
    private final ArrayList<OutFrame> frames = new ArrayList<>();
    private boolean framesTaken;
    /** The last cork of this loop's flush, for the next WebSocket that writes the same frames. */
    private final CorkCache corks = new CorkCache();

    private final Observers observers;
    /** Metrics: messages and bytes queued on this loop since the last flush task, reported once per task. */
    private int sentMessages;
    private long sentBytes;

    LoopFlusher(EventLoop loop, Observers observers) {
        this.loop = loop;
        this.observers = observers;
    }

    /**
     * Counts a queued packet for the observers (on the loop). A fan-out queues the same packet for every recipient on
     * the loop: one observer call per flush task instead of one per recipient.
     */
    void countSent(int messages, long bytes) {
        sentMessages += messages;
        sentBytes += bytes;
    }

    /** Flushes {@code session} in this tick's flush task; on the loop. */
    void schedule(DefaultEngineSession session) {
        pending.add(session);
        if (!scheduled) {
            scheduled = true;
            loop.execute(this);
        }
    }

    /**
     * An empty list to drain frames into and write on this loop; hand it back with {@link #release}. Flushes do
     * not nest, but should one ask while the list is taken, it gets a new one.
     */
    List<OutFrame> frames() {
        if (framesTaken) {
            return new ArrayList<>();
        }
        framesTaken = true;
        return frames;
    }

    /** This loop's cork cache; forgotten at the end of every flush task. */
    CorkCache corks() {
        return corks;
    }

    /** Clears a list from {@link #frames()}; the shared one can be taken again. */
    void release(List<OutFrame> list) {
        list.clear();
        if (list == frames) {
            framesTaken = false;
        }
    }

    @Override
    public void run() {
        scheduled = false;
        // sessions that ask again while these flush (a partial drain) go to the next task, on a fresh list
        ArrayList<DefaultEngineSession> batch = pending;
        pending = spare;
        try {
            for (int i = 0; i < batch.size(); i++) {
                try {
                    batch.get(i).flushNow();
                } catch (RuntimeException e) {
                    // one session's failure must not leave the others (and their flushScheduled flags) stuck
                    log.warn("flush of {} failed", batch.get(i), e);
                }
            }
        } finally {
            corks.clear(); // the frames' next writes come with new messages: no reason to keep the bytes
            batch.clear();
            spare = batch;
            reportSent();
        }
    }

    private void reportSent() {
        if (sentMessages != 0) {
            ServerObserver o = observers.current();
            if (o != null) {
                o.onPacketSent(sentMessages, sentBytes);
            }
            sentMessages = 0;
            sentBytes = 0;
        }
    }
}
