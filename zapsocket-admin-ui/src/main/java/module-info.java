/**
 * The server side of the official Socket.IO Admin UI ({@link io.zapsocket.admin.AdminUi}). The {@code internal}
 * package is not exported.
 */
@SuppressWarnings("requires-automatic") // spring-security-crypto ships an Automatic-Module-Name, no descriptor
module io.zapsocket.admin {
    requires transitive io.zapsocket.server;
    requires spring.security.crypto;
    requires org.slf4j;

    exports io.zapsocket.admin;
}
