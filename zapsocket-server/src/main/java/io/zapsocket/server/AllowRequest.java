package io.zapsocket.server;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;

/**
 * A gate consulted for every Engine.IO handshake and every WebSocket upgrade request, before the session is
 * created. Completing the stage normally allows the request; completing it exceptionally refuses it with HTTP
 * {@code 403} and the body {@code {"code":4,"message":"<exception message or Forbidden>"}}.
 *
 * <p>Called on a Netty event loop: it must not block. Do slow checks asynchronously and complete the stage
 * later.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface AllowRequest {

    CompletionStage<Void> check(RequestInfo request);

    /** A synchronous gate: {@code true} allows, {@code false} refuses with {@code Forbidden}. */
    static AllowRequest of(Predicate<RequestInfo> predicate) {
        return request -> predicate.test(request)
                ? CompletableFuture.completedFuture(null)
                : CompletableFuture.failedFuture(new RequestRefusedException("Forbidden"));
    }

    /** Refuses a request with a message that is sent back to the client. */
    final class RequestRefusedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public RequestRefusedException(String message) {
            super(message, null, false, false);
        }
    }
}
