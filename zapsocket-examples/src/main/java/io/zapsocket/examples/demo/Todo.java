package io.zapsocket.examples.demo;

/**
 * One item of the shared list, as the server holds it and as every client receives it: the key (id) and value of an
 * entry of the sync module's compare-and-set map {@value MapTodoStore#MAP} ({@link MapTodoStore}).
 *
 * @param id        chosen by the client that created it (the map key)
 * @param version   the map entry's version: 1 when created, +1 on each accepted change; a change must name the
 *                  version it was made on
 * @param updatedAt epoch millis of the last accepted change (server clock, never going back for an item)
 * @param updatedBy name of the user who made it
 * @param createdAt epoch millis of the creation (the list's order: oldest first)
 */
public record Todo(String id, String text, boolean completed, long version, long updatedAt, String updatedBy,
                   long createdAt) {
}
