/**
 * Server-Sent Events ({@link io.zapsocket.server.SseOptions}): the route, the per-namespace hub that hands each
 * broadcast to the matching subscribers (formatted once), and the subscriber with its budget, heartbeat and
 * {@code Last-Event-ID} replay. Not exported.
 */
package io.zapsocket.server.internal.sse;
