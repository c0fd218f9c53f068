package io.zapsocket.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Called when a socket joins the {@link ZapController}'s namespace, after the controller's {@link OnEvent}
 * handlers were registered on it (so an event the client sends right away is not missed). Parameters:
 * {@link io.zapsocket.server.ServerSocket} and/or {@link io.zapsocket.server.Handshake}; the return value is
 * ignored. An exception goes to the server's error listener; the socket stays connected.
 *
 * @since 0.1.0
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface OnConnect {
}
