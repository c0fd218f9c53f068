package io.zapsocket.server.internal.sio;

import io.zapsocket.protocol.Transport;
import io.zapsocket.server.ServerOptions;
import io.zapsocket.server.ServerStats;
import io.zapsocket.server.testing.RawHttp;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code SocketServer.stats()} surfaces the engine's flow-control and admission counters. */
class ServerStatsTest {

    @Test
    void refusedHandshakesAndSlowClientsAreCounted() throws Exception {
        DefaultSocketServer io = new DefaultSocketServer(ServerOptions.builder().maxConnections(1).ioThreads(1).build());
        try {
            int port = io.listen("127.0.0.1", 0).join().getPort();
            assertThat(RawHttp.get(port, "/socket.io/?EIO=4&transport=polling").status()).isEqualTo(200);
            assertThat(RawHttp.get(port, "/socket.io/?EIO=4&transport=polling").status()).isEqualTo(503);

            ServerStats stats = io.stats();
            assertThat(stats.connections()).isEqualTo(1);
            assertThat(stats.connectionsByTransport()).containsEntry(Transport.POLLING, 1);
            assertThat(stats.refusedHandshakes()).isEqualTo(1);
            assertThat(stats.volatileDrops()).isZero();
            assertThat(stats.lowPriorityDrops()).isZero();
            assertThat(stats.slowClientDisconnects()).isZero();
        } finally {
            io.close().join();
        }
    }
}
