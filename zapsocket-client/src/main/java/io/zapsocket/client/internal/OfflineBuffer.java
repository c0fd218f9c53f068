package io.zapsocket.client.internal;

import io.zapsocket.client.OverflowPolicy;
import io.zapsocket.client.SendBufferFullException;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The bounded offline buffer of one namespace socket: emits made while it is not connected, flushed in order on
 * connect. Insertion-ordered with constant-time removal (an ack timeout removes a request from the middle). When
 * full, {@link OverflowPolicy} decides: refuse the new emit, or drop the oldest one. Confined to the event loop.
 */
final class OfflineBuffer {
    private final LinkedHashSet<EmitRequest> queue = new LinkedHashSet<>();
    private final String nsp;
    private final int capacity;
    private final OverflowPolicy policy;

    OfflineBuffer(String nsp, int capacity, OverflowPolicy policy) {
        this.nsp = nsp;
        this.capacity = capacity;
        this.policy = policy;
    }

    /**
     * Adds {@code req}, or refuses it, or drops the oldest.
     *
     * @param onRejected called with the request that leaves (the new one refused, or the oldest dropped) and why
     * @return whether {@code req} was added
     */
    boolean add(EmitRequest req, Rejection onRejected) {
        if (queue.size() >= capacity && (policy != OverflowPolicy.DROP_OLDEST || queue.isEmpty())) {
            onRejected.rejected(req, new SendBufferFullException("offline buffer of " + nsp + " is full ("
                    + capacity + " packets)"));
            return false;
        }
        queue.add(req);
        req.buffered = true;
        if (queue.size() > capacity) { // added first, then the oldest dropped: the size never dips
            EmitRequest dropped = poll();
            onRejected.rejected(dropped, new SendBufferFullException("dropped from the full offline buffer ("
                    + capacity + " packets) of " + nsp));
        }
        return true;
    }

    /** Removes and returns the oldest request, or {@code null}. */
    EmitRequest poll() {
        Iterator<EmitRequest> it = queue.iterator();
        if (!it.hasNext()) {
            return null;
        }
        EmitRequest req = it.next();
        it.remove();
        req.buffered = false;
        return req;
    }

    /** Removes {@code req} if it is buffered. */
    void remove(EmitRequest req) {
        if (req.buffered) {
            queue.remove(req);
            req.buffered = false;
        }
    }

    /** Removes and returns everything, oldest first. */
    List<EmitRequest> drain() {
        List<EmitRequest> out = new ArrayList<>(queue);
        queue.clear();
        for (EmitRequest r : out) {
            r.buffered = false;
        }
        return out;
    }

    boolean isEmpty() {
        return queue.isEmpty();
    }

    int size() {
        return queue.size();
    }

    /** Receives a request that leaves the buffer unsent. */
    @FunctionalInterface
    interface Rejection {
        void rejected(EmitRequest req, SendBufferFullException why);
    }
}
