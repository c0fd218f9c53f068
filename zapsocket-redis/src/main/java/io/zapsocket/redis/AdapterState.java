package io.zapsocket.redis;

/**
 * The connection state of a Redis adapter factory, shared by the adapters of all its namespaces.
 *
 * @since 0.2
 */
public enum AdapterState {
    /** Connecting for the first time (also while Redis is unreachable at start-up: retried in the background). */
    CONNECTING,
    /** Every connection is up. */
    CONNECTED,
    /**
     * At least one connection is down and being re-established. Commands are queued (up to
     * {@code maxQueuedCommands}) and run on reconnection; subscriptions are replayed; stream reading resumes after
     * the last entry read.
     */
    DISCONNECTED,
    /** Closed; no more activity. */
    CLOSED
}
