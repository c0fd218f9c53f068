package io.zapsocket.server;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Decides whether a Server-Sent Events request may subscribe to {@code rooms} of {@code namespace}: complete
 * normally to accept, exceptionally to refuse (the answer is 403 with the exception's message; a
 * {@link SecurityException} without a message gives {@code "Forbidden"}). The request carries the cookies, headers
 * and query parameters ({@code ?token=...}) a browser's {@code EventSource} can send. Called on an I/O thread: do
 * slow work asynchronously.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface SseAuthorizer {
    /** Accepts every subscription: for public feeds only, say so explicitly. */
    SseAuthorizer ALLOW_ALL = (request, namespace, rooms) -> CompletableFuture.completedFuture(null);

    CompletionStage<?> authorize(RequestInfo request, String namespace, Set<String> rooms);
}
