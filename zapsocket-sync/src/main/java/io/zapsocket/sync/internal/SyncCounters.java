package io.zapsocket.sync.internal;

import java.util.concurrent.atomic.LongAdder;

/** The counters behind {@link io.zapsocket.sync.SyncStats}: one adder each, bumped where the event happens. */
final class SyncCounters {
    final LongAdder publishes = new LongAdder();
    final LongAdder resumesRecovered = new LongAdder();
    final LongAdder resumesResynced = new LongAdder();
    final LongAdder historyPages = new LongAdder();
    final LongAdder inboxStored = new LongAdder();
    final LongAdder inboxRefused = new LongAdder();
    final LongAdder inboxDelivered = new LongAdder();
}
