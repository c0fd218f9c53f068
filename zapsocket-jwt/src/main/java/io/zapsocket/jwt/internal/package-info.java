/**
 * The implementation of {@code io.zapsocket.jwt} on nimbus-jose-jwt: token verification ({@code TokenVerifier},
 * Ed25519 on the JDK's provider), where a token is read from ({@code TokenSources}) and the expiry timers of a live
 * connection ({@code LiveToken}). Not exported.
 */
package io.zapsocket.jwt.internal;
