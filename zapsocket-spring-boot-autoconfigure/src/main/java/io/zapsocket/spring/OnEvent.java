package io.zapsocket.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Handles one event of the sockets of a {@link ZapController}'s namespace.
 *
 * <p>Parameters, in any order, each at most once:
 * <ul>
 *   <li>{@link io.zapsocket.server.ServerSocket}: the socket that sent the event;</li>
 *   <li>{@link io.zapsocket.protocol.Ack}: to acknowledge explicitly (then return {@code void});</li>
 *   <li>{@link io.zapsocket.protocol.Args}: all the event's arguments, untyped;</li>
 *   <li>any other type: the payload, the event's first argument bound with the server's {@code ObjectMapper} (the
 *       application's) and validated as typed handlers are ({@code ServerOptions.validatePayloads}). Not together
 *       with {@code Args}.</li>
 * </ul>
 *
 * <p>Return value: when the client asked for an acknowledgement, a non-{@code void} method's result is sent as
 * its argument ({@code null} sends an acknowledgement without arguments); a {@link java.util.concurrent.CompletionStage}
 * is sent when it completes (a failed one sends nothing and is logged at WARN). When the client
 * asked for none, the result is dropped. An exception thrown by the method goes to the server's error listener
 * ({@code SocketServer.onError}) and leaves the connection open.
 *
 * <p>A method that breaks these rules fails the application context's start, naming the method.
 *
 * @since 0.1.0
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface OnEvent {

    /** The event name; reserved names ({@code connect}, {@code disconnect}, ...) are refused. */
    String value();
}
