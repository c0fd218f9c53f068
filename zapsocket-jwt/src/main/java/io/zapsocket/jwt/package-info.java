/**
 * JWT authentication of Socket.IO connections: {@link io.zapsocket.jwt.JwtAuth} (the middleware),
 * {@link io.zapsocket.jwt.JwtOptions} (keys, claims, where the token is read, expiry on live connections) and
 * {@link io.zapsocket.jwt.JwtIdentity} (the verified claims, the socket's identity). See {@code docs/security.md}.
 */
package io.zapsocket.jwt;
