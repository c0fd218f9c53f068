/**
 * Spring Boot integration of Zap-Socket, the API: {@link io.zapsocket.spring.ZapController} beans with
 * {@link io.zapsocket.spring.OnEvent}, {@link io.zapsocket.spring.OnConnect} and
 * {@link io.zapsocket.spring.OnDisconnect} methods; {@link io.zapsocket.spring.ZapSocketConfigurer} beans for the
 * functional API; {@link io.zapsocket.spring.ServerOptionsCustomizer} beans for options without a property. The
 * auto-configuration itself is in {@code io.zapsocket.spring.autoconfigure}.
 */
package io.zapsocket.spring;
