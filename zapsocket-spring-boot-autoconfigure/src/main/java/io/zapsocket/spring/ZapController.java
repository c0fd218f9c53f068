package io.zapsocket.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.core.annotation.AliasFor;
import org.springframework.stereotype.Component;

/**
 * A Spring bean whose {@link OnConnect}, {@link OnEvent} and {@link OnDisconnect} methods handle the sockets of one
 * namespace. It is a {@link Component}, so component scanning picks it up.
 *
 * <pre>{@code
 * @ZapController(namespace = "/chat")
 * class ChatController {
 *     @OnEvent("message")
 *     String message(ServerSocket socket, ChatMessage message) {
 *         socket.to("room").emit("message", message);
 *         return "ok";                         // the acknowledgement, when the client asked for one
 *     }
 * }
 * }</pre>
 *
 * <p>The handlers are registered on the server before it starts listening; they run as the server's own handlers
 * do (one at a time per socket, on the socket's event loop or on the configured handler executor), so they must
 * not block an event loop.
 *
 * @since 0.1.0
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Component
public @interface ZapController {

    /** The namespace whose sockets this bean handles ({@code "/"} by default); created when needed. */
    String namespace() default "/";

    /** The bean name (see {@link Component#value()}); derived from the class name when empty. */
    @AliasFor(annotation = Component.class)
    String value() default "";
}
