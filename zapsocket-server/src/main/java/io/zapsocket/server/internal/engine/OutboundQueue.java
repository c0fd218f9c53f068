package io.zapsocket.server.internal.engine;

import io.zapsocket.server.Priority;
import io.zapsocket.server.internal.transport.OutFrame;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * A session's outbound queue: one FIFO per {@link Priority}, of entries that are never split (a text packet and
 * its binary attachments). Draining takes HIGH, then NORMAL, then LOW, each in order. Keeps running totals of
 * bytes and Engine.IO packets. Not thread-safe: confined to the session's loop.
 *
 * <p>An idle session's queue is empty most of its life, and an empty {@code ArrayDeque} still takes about 110
 * bytes: each FIFO is created on its first entry and dropped again once drained. Until then it is {@link #NONE},
 * one shared empty deque that is only ever read ({@code isEmpty}, {@code poll}, iteration), never written. A
 * NORMAL entry that arrives when nothing NORMAL is queued goes into a field of its own ({@code normalFirst}) rather
 * than into a new deque: the usual session sends one message per tick (an ack, an event), and its deque would be
 * created and dropped again for every message. A session that did use its NORMAL deque in the tick it drained
 * (several messages per tick: a room under load) keeps it, empty, for the next tick, rather than growing a new one
 * again for every tick; it is dropped at the first drain of a quieter tick (at the latest the next heartbeat's).
 */
final class OutboundQueue {
    /** One message: its frames (text then attachments) leave together. */
    record Entry(OutFrame[] frames, long bytes, Priority priority, boolean compress) {
        static Entry of(Priority priority, OutFrame... frames) {
            long n = 0;
            boolean compress = false;
            for (OutFrame f : frames) {
                n += f.data().length;
                compress |= f.compress();
            }
            return new Entry(frames, n, priority, compress);
        }
    }

    /** The FIFO of a priority with nothing queued: shared by every queue, read-only (see the class comment). */
    private static final ArrayDeque<Entry> NONE = new ArrayDeque<>(0);

    private ArrayDeque<Entry> high = NONE;
    private ArrayDeque<Entry> normal = NONE;
    private ArrayDeque<Entry> low = NONE;
    /** The oldest NORMAL entry, ahead of everything in {@link #normal}; or {@code null}. */
    private Entry normalFirst;
    /** Whether {@link #normal} took an entry since the last time everything was drained. */
    private boolean normalUsed;
    private long bytes;
    private int packets;
    private int entries;

    void add(Entry e) {
        if (e.priority() == Priority.NORMAL && normalFirst == null && normal.isEmpty()) {
            normalFirst = e;
        } else {
            writableQueueOf(e.priority()).add(e);
            normalUsed |= e.priority() == Priority.NORMAL;
        }
        bytes += e.bytes();
        packets += e.frames().length;
        entries++;
    }

    boolean isEmpty() {
        return entries == 0;
    }

    long bytes() {
        return bytes;
    }

    /** Queued Engine.IO packets (a message with two attachments counts 3). */
    int packets() {
        return packets;
    }

    int entries() {
        return entries;
    }

    /**
     * Drops the oldest LOW entries until at most {@code maxBytes} are queued or no LOW entry is left.
     *
     * @return the number of messages dropped
     */
    int dropLowPriority(long maxBytes) {
        int dropped = 0;
        while (bytes > maxBytes && !low.isEmpty()) {
            remove(low.poll());
            dropped++;
        }
        releaseIfEmpty();
        return dropped;
    }

    /** Takes every frame, highest priority first. */
    List<OutFrame> drainAll() {
        return drain(Long.MAX_VALUE, null);
    }

    /**
     * Takes whole entries, highest priority first, until more than {@code budget} bytes were taken (at least one
     * entry when not empty).
     *
     * @param compress if not {@code null}, receives {@code true} when a taken entry is compressible
     */
    List<OutFrame> drain(long budget, boolean[] compress) {
        List<OutFrame> out = new ArrayList<>(Math.min(packets, 64));
        drainInto(budget, compress, out);
        return out;
    }

    /** Like {@link #drain}, appending the frames to {@code out} (which may be a reused list). */
    void drainInto(long budget, boolean[] compress, List<OutFrame> out) {
        long taken = 0;
        boolean tookAny = false;
        for (int level = 0; level < 3; level++) {
            Entry e;
            while ((taken <= budget || !tookAny) && (e = poll(level)) != null) {
                remove(e);
                tookAny = true;
                taken += e.bytes();
                for (OutFrame f : e.frames()) {
                    out.add(f);
                }
                if (compress != null && e.compress()) {
                    compress[0] = true;
                }
                if (taken > budget) {
                    releaseIfEmpty();
                    return;
                }
            }
        }
        releaseIfEmpty();
    }

    /** The next entry of a level (0 HIGH, 1 NORMAL, 2 LOW), removed; {@code null} if none. */
    private Entry poll(int level) {
        if (level == 0) {
            return high.poll();
        }
        if (level == 1) {
            Entry e = normalFirst;
            if (e != null) {
                normalFirst = null;
                return e;
            }
            return normal.poll();
        }
        return low.poll();
    }

    void clear() {
        normalFirst = null;
        normalUsed = false;
        high = NONE;
        normal = NONE;
        low = NONE;
        bytes = 0;
        packets = 0;
        entries = 0;
    }

    private void remove(Entry e) {
        bytes -= e.bytes();
        packets -= e.frames().length;
        entries--;
    }

    /** The FIFO of {@code p}, created if it is still {@link #NONE}. */
    private ArrayDeque<Entry> writableQueueOf(Priority p) {
        return switch (p) {
            case HIGH -> high = high == NONE ? new ArrayDeque<>(4) : high;
            case NORMAL -> normal = normal == NONE ? new ArrayDeque<>(4) : normal;
            case LOW -> low = low == NONE ? new ArrayDeque<>(4) : low;
        };
    }

    /**
     * Drops the FIFOs once everything is drained: an idle session keeps no empty deques. The NORMAL one stays if it
     * was used since the last full drain (see the class comment).
     */
    private void releaseIfEmpty() {
        if (entries == 0) {
            normalFirst = null;
            high = NONE;
            if (!normalUsed) {
                normal = NONE;
            }
            normalUsed = false;
            low = NONE;
        }
    }

    /** Whether a NORMAL deque is allocated (for tests). */
    boolean holdsNormalDeque() {
        return normal != NONE;
    }

    @Override
    public String toString() {
        return "OutboundQueue[" + entries + " messages, " + packets + " packets, " + bytes + " bytes]";
    }

    /** For tests: the queued frames in drain order, without removing them. */
    List<OutFrame> snapshot() {
        List<OutFrame> out = new ArrayList<>();
        List<Entry> entries = new ArrayList<>(high);
        if (normalFirst != null) {
            entries.add(normalFirst);
        }
        entries.addAll(normal);
        entries.addAll(low);
        for (Entry e : entries) {
            for (OutFrame f : e.frames()) {
                out.add(f);
            }
        }
        return out;
    }
}
