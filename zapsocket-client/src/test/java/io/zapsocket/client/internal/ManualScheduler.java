package io.zapsocket.client.internal;

import io.netty.channel.EventLoop;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A {@link Scheduler} on a virtual clock: tasks run only when the test advances the clock, on the client's event
 * loop. Every requested delay is also queued for the test to inspect ({@link #nextRequest}).
 */
final class ManualScheduler implements Scheduler {
    /** One scheduled task. */
    static final class Task implements Timer {
        final long due;
        final long delay;
        final Runnable body;
        volatile boolean cancelled;
        volatile boolean ran;

        Task(long due, long delay, Runnable body) {
            this.due = due;
            this.delay = delay;
            this.body = body;
        }

        @Override
        public void cancel() {
            cancelled = true;
        }

        @Override
        public String toString() {
            return "Task{delay=" + delay + ", cancelled=" + cancelled + ", ran=" + ran + '}';
        }
    }

    private EventLoop loop;
    private long now;
    private final List<Task> tasks = new ArrayList<>();
    private final LinkedBlockingQueue<Task> requests = new LinkedBlockingQueue<>();

    Scheduler bind(EventLoop loop) {
        this.loop = loop;
        return this;
    }

    @Override
    public synchronized Timer schedule(long delayMillis, Runnable task) {
        Task t = new Task(now + delayMillis, delayMillis, task);
        tasks.add(t);
        requests.add(t);
        return t;
    }

    /** The next scheduled task (in request order), waiting up to 10 s for the client to schedule one. */
    Task nextRequest() throws InterruptedException {
        Task t = requests.poll(10, TimeUnit.SECONDS);
        if (t == null) {
            throw new AssertionError("nothing was scheduled within 10 s");
        }
        return t;
    }

    /** The next scheduled task with exactly this delay, skipping others (e.g. the connect timeout). */
    Task nextRequest(long delay) throws InterruptedException {
        while (true) {
            Task t = nextRequest();
            if (t.delay == delay) {
                return t;
            }
        }
    }

    /** The next scheduled task whose delay is not one of {@code ignored}. */
    Task nextRequestExcept(long... ignored) throws InterruptedException {
        outer:
        while (true) {
            Task t = nextRequest();
            for (long i : ignored) {
                if (t.delay == i) {
                    continue outer;
                }
            }
            return t;
        }
    }

    /** The tasks scheduled and neither cancelled nor run. */
    synchronized List<Task> live() {
        return tasks.stream().filter(t -> !t.cancelled && !t.ran).toList();
    }

    /** Moves the clock forward and runs the due, non-cancelled tasks in due order on the loop (waiting for each). */
    void advance(long millis) throws InterruptedException, ExecutionException, TimeoutException {
        List<Task> due;
        synchronized (this) {
            now += millis;
            due = new ArrayList<>();
            for (Task t : tasks) {
                if (t.due <= now && !t.cancelled && !t.ran) {
                    due.add(t);
                }
            }
            tasks.removeAll(due);
            due.sort(Comparator.comparingLong(t -> t.due));
        }
        for (Task t : due) {
            t.ran = true;
            if (!t.cancelled) {
                loop.submit(t.body).get(10, TimeUnit.SECONDS);
            }
        }
    }

    /** Runs one task now (if not cancelled), whatever its due time. */
    void fire(Task t) throws InterruptedException, ExecutionException, TimeoutException {
        synchronized (this) {
            tasks.remove(t);
        }
        if (!t.cancelled && !t.ran) {
            t.ran = true;
            loop.submit(t.body).get(10, TimeUnit.SECONDS);
        }
    }
}
