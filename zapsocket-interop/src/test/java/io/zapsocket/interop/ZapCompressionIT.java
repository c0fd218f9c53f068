package io.zapsocket.interop;

import io.zapsocket.server.CompressionOptions;
import io.zapsocket.server.CorsOptions;
import io.zapsocket.server.ServerOptions;
import io.zapsocket.server.SocketServer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * WebSocket permessage-deflate with the official JS client (Node's {@code ws} offers it by default): the client
 * negotiates it with Zap-Socket, and a JSON-heavy 10 KB event shrinks on the wire. Bytes are counted by a loopback
 * proxy between the client and the server; the same event through a server without compression is the baseline.
 */
class ZapCompressionIT extends InteropContract {
    private final List<SocketServer> servers = new ArrayList<>();
    private final List<CountingProxy> proxies = new ArrayList<>();

    /** About 10 KB of JSON: presence records, as a chat app would send. */
    static List<Object> users(int approxBytes) {
        List<Object> users = new ArrayList<>();
        int size = 2;
        for (int i = 0; size < approxBytes; i++) {
            Map<String, Object> u = new LinkedHashMap<>();
            u.put("id", i);
            u.put("name", "user-" + (i * 7919 % 1000));
            u.put("status", i % 3 == 0 ? "online" : "away");
            u.put("rooms", List.of("lobby", "room-" + (i % 10)));
            u.put("score", i * 37 % 500);
            u.put("lastSeen", "2026-11-22T03:" + (10 + i % 50) + ":00Z");
            users.add(u);
            size += 110;
        }
        return users;
    }

    private static final List<Object> PAYLOAD = users(10_000);

    private CountingProxy start(CompressionOptions deflate) throws Exception {
        SocketServer io = SocketServer.create(ServerOptions.builder()
                .cors(CorsOptions.ANY_ORIGIN)
                .perMessageDeflate(deflate)
                .build());
        io.onConnection(socket -> {
            socket.join("room");
            socket.on("fanout", (args, ack) -> io.to("room").emit("big", PAYLOAD));
            socket.on("fanout-plain", (args, ack) -> io.to("room").compress(false).emit("big", PAYLOAD));
            // five ~2 KB broadcasts in one tick: compressed to a few hundred bytes each, corked into one write
            socket.on("burst", (args, ack) -> {
                for (int i = 0; i < 5; i++) {
                    io.to("room").emit("burst", i, users(2_000));
                }
            });
            socket.on("big", (args, ack) -> socket.emit("big", PAYLOAD));
            socket.on("big-plain", (args, ack) -> socket.compress(false).emit("big", PAYLOAD));
            socket.on("small", (args, ack) -> socket.emit("big", List.of("tiny")));
            socket.on("echo", (args, ack) -> ack.send(args.toArray()));
        });
        int port = io.listen("127.0.0.1", 0).join().getPort();
        servers.add(io);
        CountingProxy proxy = new CountingProxy(port);
        proxies.add(proxy);
        return proxy;
    }

    @Override
    protected AppServer startServer(AppOptions options) {
        return null; // each test starts its own servers
    }

    @AfterAll
    void stopServers() {
        proxies.forEach(CountingProxy::close);
        servers.forEach(s -> s.close().join());
    }

    /** Server→client bytes on the wire for one "event" request. */
    private static long bytesFor(DriverClient c, CountingProxy proxy, String event) {
        long before = proxy.downstreamBytes();
        c.emit(event);
        DriverEvent got = c.awaitMessage("big");
        if (!event.equals("small")) {
            assertThat(got.arg(0).size()).isEqualTo(PAYLOAD.size());
            assertThat(got.arg(0).get(0).path("name").asText()).isEqualTo("user-0");
        }
        return proxy.downstreamBytes() - before;
    }

    private static String extensionsHeader(CountingProxy proxy) {
        List<String> all = extensionsHeaders(proxy);
        if (all.isEmpty()) {
            throw new AssertionError("no WebSocket handshake seen: " + proxy.responseHeads());
        }
        return all.get(0);
    }

    /** The Sec-WebSocket-Extensions answer of every WebSocket handshake through the proxy, in order (null: none). */
    private static List<String> extensionsHeaders(CountingProxy proxy) {
        List<String> out = new ArrayList<>();
        for (String head : proxy.responseHeads()) {
            if (head.startsWith("HTTP/1.1 101")) {
                String ext = null;
                for (String line : head.substring(0, head.indexOf("\r\n\r\n")).split("\r\n")) {
                    if (line.toLowerCase().startsWith("sec-websocket-extensions:")) {
                        ext = line.substring(line.indexOf(':') + 1).trim();
                    }
                }
                out.add(ext);
            }
        }
        return out;
    }

    @Test
    void theOfficialClientNegotiatesPermessageDeflateAndA10KbJsonEventShrinks() throws Exception {
        CountingProxy plain = start(null);
        CountingProxy deflate = start(CompressionOptions.DEFAULT);

        DriverClient p = connected(ClientSpec.client("plain", plain.url()).transports("websocket").subscribe("big"));
        DriverClient d = connected(ClientSpec.client("deflate", deflate.url()).transports("websocket")
                .subscribe("big"));
        assertThat(extensionsHeader(plain)).as("no compression offered back").isNull();
        assertThat(extensionsHeader(deflate)).startsWith("permessage-deflate");

        long uncompressed = bytesFor(p, plain, "big");
        long compressed = bytesFor(d, deflate, "big");
        long optedOut = bytesFor(d, deflate, "big-plain");
        long small = bytesFor(d, deflate, "small");
        double ratio = (double) compressed / uncompressed;
        System.out.printf("permessage-deflate with socket.io-client 4.8.4: 10 KB JSON event %d -> %d bytes on the wire,"
                + " ratio %.3f; compress(false) %d bytes; small event %d bytes%n", uncompressed, compressed, ratio,
                optedOut, small);
        assertThat(uncompressed).isGreaterThan(10_000);
        assertThat(ratio).as("compressed/uncompressed").isLessThan(0.25);
        assertThat(optedOut).as("compress(false) goes out uncompressed").isEqualTo(uncompressed);
        assertThat(small).isLessThan(64);
        // the client compresses its own large messages too: the server inflates them
        assertThat(d.request("echo", PAYLOAD).get(0).size()).isEqualTo(PAYLOAD.size());
    }

    /** Server→client bytes while every client receives one "fanout" broadcast, and each checks it. */
    private static long broadcastBytes(List<DriverClient> clients, CountingProxy proxy, String event) {
        long before = proxy.downstreamBytes();
        clients.get(0).emit(event);
        for (DriverClient c : clients) {
            DriverEvent got = c.awaitMessage("big");
            assertThat(got.arg(0).size()).isEqualTo(PAYLOAD.size());
            assertThat(got.arg(0).get(0).path("name").asText()).isEqualTo("user-0");
            assertThat(got.arg(0).get(PAYLOAD.size() - 1).path("id").asInt()).isEqualTo(PAYLOAD.size() - 1);
        }
        return proxy.downstreamBytes() - before;
    }

    @Test
    void aBroadcastToOfficialClientsIsCompressedOnceWithoutContextTakeover() throws Exception {
        // the default asks every client for server_no_context_takeover: the broadcast's compressed frame is shared
        CountingProxy deflate = start(CompressionOptions.DEFAULT);
        List<DriverClient> clients = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            clients.add(connected(ClientSpec.client("shared-" + i, deflate.url()).transports("websocket")
                    .subscribe("big", "burst")));
        }
        assertThat(extensionsHeaders(deflate)).hasSize(4)
                .allSatisfy(h -> assertThat(h).startsWith("permessage-deflate").contains("server_no_context_takeover"));
        long compressed = broadcastBytes(clients, deflate, "fanout");
        long second = broadcastBytes(clients, deflate, "fanout"); // a second message: no window carried over
        long plain = broadcastBytes(clients, deflate, "fanout-plain");
        System.out.printf("shared permessage-deflate broadcast to 4 socket.io-client 4.8.4: %d bytes (then %d),"
                + " compress(false) %d bytes%n", compressed, second, plain);
        assertThat((double) compressed / plain).isLessThan(0.25);
        assertThat(second).isEqualTo(compressed);

        // small compressed frames, corked: every client reads the five messages, in order
        long before = deflate.downstreamBytes();
        clients.get(0).emit("burst");
        for (DriverClient c : clients) {
            for (int i = 0; i < 5; i++) {
                DriverEvent got = c.awaitMessage("burst");
                assertThat(got.arg(0).asInt()).isEqualTo(i);
                assertThat(got.arg(1).size()).isEqualTo(users(2_000).size());
            }
        }
        long burst = deflate.downstreamBytes() - before;
        System.out.printf("five 2 KB broadcasts in one tick to 4 clients: %d bytes on the wire%n", burst);
        assertThat(burst).isLessThan(4 * 5 * 1_000);
    }

    @Test
    void sharingAndContextTakeoverClientsOfOneBroadcastBothReadIt() throws Exception {
        // context takeover kept by the server unless the client asks for server_no_context_takeover (ws can)
        CountingProxy deflate = start(CompressionOptions.DEFAULT.withServerNoContextTakeover(false));
        List<DriverClient> clients = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ClientSpec spec = ClientSpec.client("mixed-" + i, deflate.url()).transports("websocket").subscribe("big");
            if (i % 2 == 0) {
                spec.opt("perMessageDeflate", Map.of("serverNoContextTakeover", true));
            }
            clients.add(connected(spec));
        }
        List<String> answers = extensionsHeaders(deflate);
        assertThat(answers).hasSize(4);
        assertThat(answers.stream().filter(h -> h.contains("server_no_context_takeover")).count()).isEqualTo(2);
        assertThat(answers).allSatisfy(h -> assertThat(h).startsWith("permessage-deflate"));
        for (int round = 0; round < 3; round++) {
            long bytes = broadcastBytes(clients, deflate, "fanout");
            assertThat(bytes).isLessThan(4 * 3_000);
        }
    }

    @Test
    void pollingThenUpgradeAlsoNegotiatesIt() throws Exception {
        CountingProxy deflate = start(CompressionOptions.DEFAULT);
        DriverClient c = connected(ClientSpec.client("upgrade", deflate.url()).subscribe("big"));
        c.awaitEvent("upgrade");
        assertThat(extensionsHeader(deflate)).startsWith("permessage-deflate");
        long compressed = bytesFor(c, deflate, "big");
        assertThat(compressed).isLessThan(3_000);
    }
}
