/**
 * JWT / JWKS authentication for Zap-Socket servers: {@link io.zapsocket.jwt.JwtAuth}, a connection middleware that
 * verifies a token (HS, RS, PS, ES, EdDSA; static keys or a JWKS URL), makes its claims the socket's
 * {@link io.zapsocket.jwt.JwtIdentity}, and enforces the token's expiry on live connections. The {@code internal}
 * package is not exported.
 */
module io.zapsocket.jwt {
    requires transitive io.zapsocket.server;
    requires com.nimbusds.jose.jwt;
    requires org.slf4j;

    exports io.zapsocket.jwt;
}
