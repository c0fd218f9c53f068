package io.zapsocket.client.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The acknowledgements one namespace socket waits for, indexed by ack id; a plain emit also knows its own id
 * ({@link EmitRequest#ackId}), so finding or forgetting the entry of a request is a map lookup, never a scan. Ids
 * count up from 0 per socket, a new one for every attempt of an at-least-once packet. Confined to the event loop.
 */
final class AckTable {

    /** An ack we wait for: a plain emit with ack ({@code entry == null}), or one attempt of a retried packet. */
    static final class Pending {
        final EmitRequest request;
        final RetryQueue.Entry entry;
        /** The ack timeout of a plain emit, once started; {@code null} otherwise. */
        Scheduler.Timer timer;

        Pending(EmitRequest request, RetryQueue.Entry entry) {
            this.request = request;
            this.entry = entry;
        }

        void cancelTimer() {
            if (timer != null) {
                timer.cancel();
                timer = null;
            }
        }
    }

    private final Map<Long, Pending> byId = new HashMap<>();
    private long nextId;

    /** Registers a plain emit: its id is stored in the request. */
    Pending add(EmitRequest request) {
        long id = nextId++;
        Pending p = new Pending(request, null);
        byId.put(id, p);
        request.ackId = id;
        return p;
    }

    /** Registers one attempt of an at-least-once packet; returns its id. */
    long add(RetryQueue.Entry entry) {
        long id = nextId++;
        byId.put(id, new Pending(entry.request, entry));
        return id;
    }

    /** Removes and returns the entry of {@code id}, or {@code null}. Its timer is left to the caller. */
    Pending remove(long id) {
        Pending p = byId.remove(id);
        if (p != null && p.entry == null) {
            p.request.ackId = -1;
        }
        return p;
    }

    /** The entry of a plain emit, or {@code null}. */
    Pending of(EmitRequest request) {
        return request.ackId < 0 ? null : byId.get(request.ackId);
    }

    /** Removes the entry of a plain emit that will never be sent, and stops its timer. */
    void forget(EmitRequest request) {
        if (request.ackId >= 0) {
            Pending p = remove(request.ackId);
            if (p != null) {
                p.cancelTimer();
            }
        }
    }

    /** Removes the ids of an at-least-once packet (all its attempts). */
    void forget(RetryQueue.Entry entry) {
        for (Long id : entry.ackIds) {
            byId.remove(id);
        }
    }

    /** Removes and returns the plain entries matching {@code filter}, their timers stopped. */
    List<Pending> removePlain(Predicate<Pending> filter) {
        List<Pending> out = new ArrayList<>();
        for (Iterator<Pending> it = byId.values().iterator(); it.hasNext(); ) {
            Pending p = it.next();
            if (p.entry == null && filter.test(p)) {
                it.remove();
                p.request.ackId = -1;
                p.cancelTimer();
                out.add(p);
            }
        }
        return out;
    }

    int size() {
        return byId.size();
    }
}
