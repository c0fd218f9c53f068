package io.zapsocket.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Called once when a socket of the {@link ZapController}'s namespace is disconnected. Parameters:
 * {@link io.zapsocket.server.ServerSocket}, {@link io.zapsocket.protocol.DisconnectReason} and/or a
 * {@code String} (the reason's description), each at most once; the return value is ignored.
 *
 * @since 0.1.0
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface OnDisconnect {
}
