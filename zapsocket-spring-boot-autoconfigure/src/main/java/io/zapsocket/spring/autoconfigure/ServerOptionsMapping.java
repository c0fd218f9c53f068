package io.zapsocket.spring.autoconfigure;

import io.zapsocket.server.CorsOptions;
import io.zapsocket.server.RecoveryOptions;
import io.zapsocket.server.ServerOptions;

/** {@link ZapSocketProperties} → {@link ServerOptions.Builder}; the builder validates every value. */
final class ServerOptionsMapping {

    private ServerOptionsMapping() {
    }

    static ServerOptions.Builder toBuilder(ZapSocketProperties p) {
        ServerOptions.Builder b = ServerOptions.builder()
                .path(p.getPath())
                .pingInterval(p.getPingInterval())
                .pingTimeout(p.getPingTimeout())
                .connectTimeout(p.getConnectTimeout())
                .maxHttpBufferSize(p.getMaxPayload())
                .maxConnections(p.getMaxConnections())
                .allowCrossOrigin(p.isAllowCrossOrigin())
                .serveClient(p.isServeClient())
                .parser(p.getParser())
                .validatePayloads(p.isValidatePayloads())
                .ioThreads(p.getIoThreads())
                .maxBufferedBytes(p.getMaxBufferedBytes());
        if (p.getAckTimeout() != null) {
            b.ackTimeout(p.getAckTimeout());
        }
        if (!p.getAllowedOrigins().isEmpty()) {
            b.allowedOrigins(p.getAllowedOrigins().toArray(String[]::new));
        }
        if (!p.getTrustedProxies().isEmpty()) {
            b.trustedProxies(p.getTrustedProxies().toArray(String[]::new));
        }
        ZapSocketProperties.Cors cors = p.getCors();
        if (!cors.getAllowedOrigins().isEmpty()) {
            CorsOptions.Builder c = CorsOptions.builder().credentials(cors.isAllowCredentials());
            if (cors.getAllowedOrigins().contains("*")) {
                c.anyOrigin();
            } else {
                c.origins(cors.getAllowedOrigins().toArray(String[]::new));
            }
            b.cors(c.build());
        }
        if (p.getRecovery().isEnabled()) {
            b.connectionStateRecovery(RecoveryOptions.builder()
                    .maxDisconnectionDuration(p.getRecovery().getMaxDisconnectionDuration()).build());
        }
        return b;
    }
}
