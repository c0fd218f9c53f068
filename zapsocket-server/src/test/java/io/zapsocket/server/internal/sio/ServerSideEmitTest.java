package io.zapsocket.server.internal.sio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zapsocket.protocol.Args;
import io.zapsocket.server.Namespace;
import io.zapsocket.server.RecoveryOptions;
import io.zapsocket.server.ServerOptions;
import io.zapsocket.server.SocketServer;
import io.zapsocket.server.adapter.AdapterContext;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The serverSideEmit plumbing between a namespace and its adapter (the cluster adapters use it). */
class ServerSideEmitTest {

    @Test
    void withoutAClusterAdapterThereIsNoOtherNodeToAnswer() throws Exception {
        SocketServer io = SocketServer.create();
        try {
            io.serverSideEmit("hello", 1);
            assertThat(io.serverSideEmitWithAck("hello", 1).get(1, TimeUnit.SECONDS)).isEmpty();
            assertThatThrownBy(() -> io.serverSideEmit("disconnect")).isInstanceOf(IllegalArgumentException.class);
        } finally {
            io.close().join();
        }
    }

    @Test
    void eventsFromOtherNodesReachTheHandlersAndTheFirstAckArgumentGoesBack() {
        SocketServer io = SocketServer.create();
        try {
            Namespace chat = io.of("/chat");
            List<Args> seen = new ArrayList<>();
            chat.onServerSideEmit("ping", (args, ack) -> {
                seen.add(args);
                assertThat(ack.requested()).isTrue();
                ack.send("pong", "ignored");
                ack.send("second call ignored");
            });
            chat.onServerSideEmit("ping", (args, ack) -> seen.add(args));
            List<Object> answers = new ArrayList<>();
            ((AdapterContext) chat).onServerSideEmit(new ArrayList<>(List.of("ping", 7)), answers::add);
            assertThat(seen).hasSize(2);
            assertThat(seen.get(0).getInt(0)).isEqualTo(7);
            assertThat(answers).containsExactly("pong");

            List<Boolean> requested = new ArrayList<>();
            chat.onServerSideEmit("fire", (args, ack) -> {
                requested.add(ack.requested());
                ack.send("nobody listens");
            });
            ((AdapterContext) chat).onServerSideEmit(new ArrayList<>(List.of("fire")), null);
            assertThat(requested).containsExactly(false);
        } finally {
            io.close().join();
        }
    }

    @Test
    void theAdapterSeesTheRecoveryOptions() {
        RecoveryOptions recovery = RecoveryOptions.DEFAULT;
        SocketServer io = SocketServer.create(ServerOptions.builder().connectionStateRecovery(recovery).build());
        SocketServer plain = SocketServer.create();
        try {
            assertThat(((AdapterContext) io.of("/x")).recovery()).isSameAs(recovery);
            assertThat(((AdapterContext) plain.of("/y")).recovery()).isNull();
        } finally {
            io.close().join();
            plain.close().join();
        }
    }
}
