/**
 * The Spring Boot auto-configuration of Zap-Socket: {@link io.zapsocket.spring.autoconfigure.ZapSocketProperties}
 * ({@code zapsocket.*}), {@link io.zapsocket.spring.autoconfigure.ZapSocketAutoConfiguration} (options, server,
 * lifecycle), {@link io.zapsocket.spring.autoconfigure.ZapSocketRedisAutoConfiguration} (the Redis adapter from
 * {@code spring.data.redis.*}).
 */
package io.zapsocket.spring.autoconfigure;
