package io.zapsocket.server.internal.engine;

import io.netty.channel.EventLoop;
import io.zapsocket.protocol.Transport;
import io.zapsocket.server.ServerObserver;
import io.zapsocket.server.ServerOptions;
import io.zapsocket.server.internal.transport.OutFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * What one session has to send, and its budget: packets queued by priority ({@link OutboundQueue}) and flushed once
 * per loop tick (everything queued in one tick goes out in one polling payload or one WebSocket flush). A WebSocket
 * only takes packets while its channel is writable (below the write-buffer high water mark); the rest waits here,
 * where priorities apply, and drains when the channel becomes writable again.
 *
 * <p>Flow control on every {@link #add}: LOW-priority messages (oldest first) are dropped above
 * {@code lowPriorityBufferedBytes}, and going over {@code maxBufferedBytes} / {@code maxBufferedPackets} closes the
 * session with {@value #SLOW_CLIENT}. (Volatile messages are dropped before they get here, by the session, when the
 * transport is not writable.)
 *
 * <p>Confined to the session's loop, except {@link #queuedBytes()}, readable from any thread.
 */
final class Outbox {
    private static final Logger log = LoggerFactory.getLogger(Outbox.class);
    /** Close reason when the outbound budget is exceeded ({@code DisconnectReason.SLOW_CLIENT}). */
    static final String SLOW_CLIENT = "slow client";
    /** {@code socketBytesBound} when the socket's backlog must be measured. */
    private static final long UNKNOWN_SOCKET_BYTES = -1;

    private final DefaultEngineSession session;
    private final ServerOptions options;
    private final EngineStats stats;
    private final LoopFlusher flusher;
    private final Observers observers;
    private final OutboundQueue queue = new OutboundQueue();
    /** Mirror of {@code queue.bytes()} for {@link DefaultEngineSession#isWritable()} off the loop. */
    private volatile long queuedBytes;
    private boolean flushScheduled;
    /** Metrics: when the sampled packet was queued ({@code 0}: none in flight), and the sampling tick. */
    private long sampleAt;
    private int sampleTick;
    /**
     * An upper bound of {@link #socketPendingBytes()} that spares the budget check of every enqueue a look at the
     * channel (a broadcast enqueues on thousands of sessions in a row), or {@link #UNKNOWN_SOCKET_BYTES}. Measured
     * right after each flush to a WebSocket on this loop: the channel's backlog only shrinks until the next flush,
     * except for the few control frames the connection answers itself (pongs), which the next flush counts again.
     * Zero over polling (nothing is buffered in a socket).
     */
    private long socketBytesBound;

    Outbox(DefaultEngineSession session, ServerOptions options, EngineStats stats, LoopFlusher flusher,
           Observers observers) {
        this.session = session;
        this.options = options;
        this.stats = stats;
        this.flusher = flusher;
        this.observers = observers;
    }

    /** Bytes queued here (not counting what a WebSocket's channel holds); any thread. */
    long queuedBytes() {
        return queuedBytes;
    }

    boolean isEmpty() {
        return queue.isEmpty();
    }

    /** The queue itself (for tests). */
    OutboundQueue queue() {
        return queue;
    }

    /** Queues an entry, applies the flow-control policy and schedules the flush of this tick. */
    void add(OutboundQueue.Entry entry) {
        queue.add(entry);
        queuedBytes = queue.bytes();
        ServerObserver o = observers.current();
        if (o != null && entry != Heartbeat.PING_ENTRY) {
            observeQueued(o, entry);
        }
        if (!withinBudget()) {
            return;
        }
        scheduleFlush();
    }

    private void observeQueued(ServerObserver o, OutboundQueue.Entry entry) {
        flusher.countSent(entry.frames().length, entry.bytes()); // reported once per flush task
        if (sampleAt == 0 && (++sampleTick & 15) == 0) {
            sampleAt = System.nanoTime();
        }
    }

    /** Reports the sampled packet's latency once the queue was written out (so the packet was too). */
    void observeWritten() {
        if (sampleAt != 0 && queue.isEmpty()) {
            ServerObserver o = observers.current();
            if (o != null) {
                o.onWriteLatency(System.nanoTime() - sampleAt);
            }
            sampleAt = 0;
        }
    }

    /**
     * Drops LOW-priority messages above the soft limit, then closes the session with {@code slow client} if the
     * hard budget is still exceeded. A lone message on an otherwise empty connection is always accepted (so a
     * large emit to an idle client is not a reason to disconnect it).
     */
    private boolean withinBudget() {
        long bound = socketBytesBound;
        if (bound != UNKNOWN_SOCKET_BYTES && queue.packets() <= options.maxBufferedPackets()
                && queue.bytes() + bound <= Math.min(options.lowPriorityBufferedBytes(), options.maxBufferedBytes())) {
            return true; // far from every limit, whatever the socket holds exactly
        }
        long socketBytes = socketPendingBytes();
        long total = queue.bytes() + socketBytes;
        if (total > options.lowPriorityBufferedBytes()) {
            int dropped = queue.dropLowPriority(Math.max(0, options.lowPriorityBufferedBytes() - socketBytes));
            if (dropped > 0) {
                stats.lowPriorityDropped(dropped);
                queuedBytes = queue.bytes();
                total = queue.bytes() + socketBytes;
            }
        }
        boolean lone = queue.entries() <= 1 && socketBytes == 0;
        if (!lone && (total > options.maxBufferedBytes() || queue.packets() > options.maxBufferedPackets())) {
            String why = queue.packets() > options.maxBufferedPackets()
                    ? queue.packets() + " packets queued (maxBufferedPackets " + options.maxBufferedPackets() + ")"
                    : total + " bytes queued (maxBufferedBytes " + options.maxBufferedBytes() + ")";
            EngineMdc.debug(log, session, "session {}: slow client, {}", session.id(), why);
            stats.slowClientDisconnected();
            WsTransport w = session.ws();
            session.terminate(SLOW_CLIENT, why, DefaultEngineSession.CLOSE);
            if (w != null) {
                w.abort(); // the close frame would wait behind what the client does not read
            }
            return false;
        }
        return true;
    }

    /** Bytes written to the WebSocket's channel but not yet sent (0 for polling). */
    private long socketPendingBytes() {
        WsTransport w = session.transport() != Transport.POLLING ? session.ws() : null;
        return w == null ? 0 : w.pendingBytes();
    }

    /** Has the session flushed by its loop's {@link LoopFlusher} at the end of this tick (once, however many adds). */
    void scheduleFlush() {
        if (!flushScheduled) {
            flushScheduled = true;
            flusher.schedule(session);
        }
    }

    /** The flush of this tick has come: a later {@link #add} schedules another. */
    void flushTick() {
        flushScheduled = false;
    }

    /** The session writes to a new WebSocket: its backlog must be measured before the next budget check. */
    void socketChanged() {
        socketBytesBound = UNKNOWN_SOCKET_BYTES;
    }

    /**
     * Writes to {@code w} what its channel takes now (see {@link WsTransport#flush}); if it is not writable, all
     * waits here, by priority, until the channel drains (the session then {@link #scheduleFlush() schedules} a
     * flush). Call on the session's {@code loop}.
     */
    void flushTo(WsTransport w, EventLoop loop) {
        if (!w.isWritable()) {
            socketBytesBound = UNKNOWN_SOCKET_BYTES;
            return;
        }
        socketBytesBound = w.flush(queue, flusher, loop);
        queuedBytes = queue.bytes();
        if (!queue.isEmpty()) {
            scheduleFlush(); // if the channel is still writable next tick, it takes more
        }
        observeWritten();
    }

    /** Everything queued, in priority order, and whether any of it may be compressed. */
    Drained drainAll() {
        boolean[] compress = new boolean[1];
        List<OutFrame> frames = queue.drain(Long.MAX_VALUE, compress);
        queuedBytes = 0;
        observeWritten(); // a poll response or the last WebSocket write: the sampled packet goes out with it
        return new Drained(frames, compress[0]);
    }

    /** Drops everything queued (the session ended). */
    void clear() {
        queue.clear();
        queuedBytes = 0;
    }

    /** Frames drained from the queue, and whether any of them may be compressed. */
    record Drained(List<OutFrame> frames, boolean compress) {
        static Drained of(OutFrame frame) {
            return new Drained(List.of(frame), false);
        }

        List<OutFrame> plus(OutFrame frame) {
            List<OutFrame> all = new ArrayList<>(frames);
            all.add(frame);
            return all;
        }
    }
}
