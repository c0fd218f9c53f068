package io.zapsocket.client.internal;

/**
 * Where the client's timers run (heartbeat, connect timeout, reconnection delay, ack timeouts). In production the
 * client's event loop ({@link LoopScheduler}); tests substitute a manual clock to check delays without sleeping.
 * Tasks always run on the client's event loop.
 */
interface Scheduler {

    /** A scheduled task; {@link #cancel()} is idempotent and harmless after the task ran. */
    interface Timer {
        void cancel();
    }

    /**
     * @param delayMillis {@code >= 0}
     * @param task runs on the event loop after the delay, unless cancelled
     */
    Timer schedule(long delayMillis, Runnable task);
}
