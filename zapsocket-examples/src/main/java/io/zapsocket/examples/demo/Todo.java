package io.zapsocket.examples.demo;

/**
 * One item of the shared list, as the server holds it and as every client receives it.
 *
 * @param id        chosen by the client that created it (so that a create replayed after a reconnection is
 *                  recognised)
 * @param version   1 when created, +1 on each accepted change; a change must name the version it was made on
 * @param updatedAt epoch millis of the last accepted change (server clock)
 * @param updatedBy name of the user who made it
 */
public record Todo(String id, String text, boolean completed, long version, long updatedAt, String updatedBy) {
}
