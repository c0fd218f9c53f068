package io.zapsocket.bench.scenario;

import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * The machine's own stalls on the generator's core while a latency scenario runs, as jHiccup measures them: a thread
 * that asks to sleep {@value #TICK_NANOS} ns at a time and records how much later than asked it woke, with the wake-ups
 * a stall swallowed filled in (as the open loop's latencies are corrected for coordinated omission). Nothing the
 * servers do reaches this thread, so its percentiles are a floor under the latencies measured in the same window:
 * a request due while the generator's core stalls waits as long. The server's core stalls too (not measured here).
 */
final class Hiccups {
    static final long TICK_NANOS = 1_000_000;

    private final Histogram histogram = Latency.histogram();
    private final Thread thread;
    private volatile boolean running = true;

    Hiccups() {
        thread = new Thread(this::run, "hiccups");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        long last = System.nanoTime();
        while (running) {
            LockSupport.parkNanos(TICK_NANOS);
            long now = System.nanoTime();
            // corrected as the requests are: a stall of k ticks also counts the k - 1 wake-ups it swallowed
            Latency.record(histogram, now - last - TICK_NANOS, TICK_NANOS);
            last = now;
        }
    }

    /** Stops the thread and puts {@code hiccupP50Ms} … {@code hiccupMaxMs} into {@code out}. */
    void end(Map<String, Object> out) {
        running = false;
        LockSupport.unpark(thread);
        try {
            thread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Latency.put(out, "hiccup", histogram);
    }
}
