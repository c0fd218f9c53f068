package io.zapsocket.client.internal;

import io.zapsocket.client.ClientOptions;
import io.zapsocket.client.OverflowPolicy;
import io.zapsocket.client.RetriesExhaustedException;
import io.zapsocket.client.SendBufferFullException;
import io.zapsocket.protocol.Args;
import io.zapsocket.protocol.Parser;
import io.zapsocket.protocol.ProtocolException;
import io.zapsocket.protocol.sio.SioDecoder;
import io.zapsocket.protocol.sio.SioPacket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The at-least-once queue of one namespace socket ({@code retries > 0}): one packet in flight at a time, in order,
 * each attempt with a new ack id and the ack timeout; resent after a timeout (up to {@code retries} times) and after
 * a reconnection (an interrupted attempt is not counted). With a {@link FileQueueStore}, every packet is recorded
 * when queued and marked done when it leaves the queue (acknowledged, given up or dropped), so a later client with
 * the same file sends what this one could not. Bounded by {@code sendBufferSize} with the {@link OverflowPolicy}
 * (only packets not in flight are dropped). Confined to the event loop.
 */
final class RetryQueue {
    private static final Logger log = LoggerFactory.getLogger(RetryQueue.class);

    /** A packet of the queue. */
    static final class Entry {
        final EmitRequest request;
        final List<Long> ackIds = new ArrayList<>(2);
        int attempts;
        boolean inFlight;
        Scheduler.Timer timer;

        Entry(EmitRequest request) {
            this.request = request;
        }

        void cancelTimer() {
            if (timer != null) {
                timer.cancel();
                timer = null;
            }
        }
    }

    /** What the queue needs from its socket. */
    interface Host {
        /** Whether a packet can be written now (connected, not closed). */
        boolean canSend();

        /** Writes an attempt with ack id {@code id}. */
        void write(EmitRequest req, long id);

        void succeed(EmitRequest req, Args response);

        void fail(EmitRequest req, Throwable error);

        /** The number of queued packets changed. */
        void sizeChanged();
    }

    private final ArrayDeque<Entry> queue = new ArrayDeque<>();
    private final String nsp;
    private final ClientOptions options;
    private final FileQueueStore store;
    private final AckTable acks;
    private final Scheduler scheduler;
    private final Host host;

    RetryQueue(String nsp, ClientOptions options, FileQueueStore store, AckTable acks, Scheduler scheduler,
               Host host) {
        this.nsp = nsp;
        this.options = options;
        this.store = store;
        this.acks = acks;
        this.scheduler = scheduler;
        this.host = host;
    }

    int size() {
        return queue.size();
    }

    /** Records {@code req} in the persistent store, if any (on the caller's thread, to keep the caller's order). */
    void record(EmitRequest req) {
        if (store != null) {
            req.storeSeq = store.add(nsp, req.encoded);
        }
    }

    /** Marks a recorded request done in the store (it will not be sent by a later client). */
    void storeDone(EmitRequest req) {
        if (store != null && req.storeSeq >= 0) {
            store.done(req.storeSeq);
            req.storeSeq = -1;
        }
    }

    /** Queues a new packet (dropping one, or refusing it, when full) and sends it if it is the head. */
    void enqueue(EmitRequest req) {
        Entry entry = new Entry(req);
        if (queue.size() >= options.sendBufferSize()) {
            Entry victim = null;
            if (options.overflowPolicy() == OverflowPolicy.DROP_OLDEST) {
                for (Entry e : queue) { // bounded by sendBufferSize, only when full
                    if (!e.inFlight) {
                        victim = e;
                        break;
                    }
                }
            }
            if (victim == null) {
                storeDone(req);
                host.fail(req, new SendBufferFullException("retry queue of " + nsp + " is full ("
                        + options.sendBufferSize() + " packets)"));
                return;
            }
            queue.remove(victim);
            settle(victim);
            host.fail(victim.request, new SendBufferFullException("dropped from the full retry queue ("
                    + options.sendBufferSize() + " packets) of " + nsp));
        }
        queue.add(entry);
        host.sizeChanged();
        drain();
    }

    /** Sends the head if nothing is in flight and the socket can write. */
    void drain() {
        if (!host.canSend() || queue.isEmpty()) {
            return;
        }
        Entry head = queue.peek();
        if (head.inFlight) {
            return;
        }
        long id = acks.add(head);
        head.ackIds.add(id);
        head.attempts++;
        head.inFlight = true;
        long timeout = head.request.timeoutMillis >= 0 ? head.request.timeoutMillis
                : options.ackTimeout().toMillis();
        head.timer = scheduler.schedule(timeout, () -> onTimeout(head));
        host.write(head.request, id);
    }

    private void onTimeout(Entry entry) {
        if (queue.peek() != entry || !entry.inFlight) {
            return;
        }
        entry.inFlight = false;
        entry.timer = null;
        if (entry.attempts > options.retries()) {
            queue.poll();
            host.sizeChanged();
            settle(entry);
            host.fail(entry.request, new RetriesExhaustedException(entry.attempts));
        } else {
            log.debug("{}: no ack for '{}' after attempt {}: resending", nsp, entry.request.event, entry.attempts);
        }
        drain();
    }

    /** The ack of one attempt of {@code entry} arrived. */
    void onAck(Entry entry, Args response) {
        if (queue.peek() != entry) {
            return; // already settled
        }
        queue.poll();
        host.sizeChanged();
        settle(entry);
        host.succeed(entry.request, response);
        drain();
    }

    /** The entry left the queue: timer, ack ids and store record go. */
    private void settle(Entry entry) {
        entry.cancelTimer();
        acks.forget(entry);
        storeDone(entry.request);
    }

    /** The socket connected: every packet may be (re)sent, starting with the head. */
    void onConnected() {
        for (Entry e : queue) {
            e.inFlight = false;
        }
        drain();
    }

    /** The socket disconnected: an interrupted attempt is not counted, it is resent after the reconnection. */
    void onDisconnected() {
        Entry head = queue.peek();
        if (head != null && head.inFlight) {
            head.inFlight = false;
            head.attempts--;
            head.cancelTimer();
        }
    }

    /** Empties the queue and returns its entries, to be failed with {@link #failAll}. */
    List<Entry> takeAll() {
        List<Entry> all = new ArrayList<>(queue);
        queue.clear();
        return all;
    }

    /**
     * Fails entries taken with {@link #takeAll}. Those recorded in the persistent store stay there (the next client
     * with the same file sends them again) and fail with {@code keptError}; the others with {@code error}.
     */
    void failAll(List<Entry> entries, Throwable error, Throwable keptError) {
        for (Entry e : entries) {
            e.cancelTimer();
            acks.forget(e);
            boolean kept = store != null && e.request.storeSeq >= 0;
            host.fail(e.request, kept ? keptError : error);
        }
    }

    /** Adds packets restored from the persistent store to the front of the queue (before any new emit). */
    void restore(List<FileQueueStore.Stored> stored) {
        for (FileQueueStore.Stored s : stored) {
            List<Object> args;
            String event;
            try {
                SioDecoder decoder = new SioDecoder(Integer.MAX_VALUE);
                SioPacket p = decoder.addText(s.encoded().text());
                for (byte[] b : s.encoded().attachments()) {
                    p = decoder.addBinary(b);
                }
                List<Object> data = p.args();
                event = p.eventName();
                args = new ArrayList<>(data.subList(1, data.size()));
            } catch (ProtocolException | NullPointerException e) {
                log.warn("{}: dropping unreadable persisted packet {}: {}", nsp, s.seq(), e.toString());
                store.done(s.seq());
                continue;
            }
            long timeout = options.ackTimeout().toMillis();
            EmitRequest req = new EmitRequest(nsp, event, args, s.encoded(), false, timeout, null, null, null);
            if (options.parser() == Parser.MSGPACK) {
                req.msgpack(null); // the store keeps the default form
            }
            req.storeSeq = s.seq();
            queue.add(new Entry(req));
        }
        host.sizeChanged();
        drain();
    }
}
