package io.zapsocket.server.hardening;

import io.zapsocket.server.ServerOptions;
import io.zapsocket.server.SocketServer;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client that sends WebSocket ping frames and never reads: the server answers only while the connection is
 * writable, so its pongs stay within the outbound budget instead of piling up in memory.
 */
class PingFloodTest {
    private static final int PINGS = 100_000;
    private static final int PAYLOAD = 125;
    private SocketServer io;
    private int port;

    @BeforeEach
    void start() {
        io = SocketServer.create(ServerOptions.DEFAULT);
        port = io.listen("127.0.0.1", 0).join().getPort();
    }

    @AfterEach
    void stop() {
        io.close().join();
    }

    @Test
    void pongsToAClientThatNeverReadsAreBoundedByTheOutboundBudget() throws Exception {
        try (Socket s = new Socket()) {
            s.setReceiveBufferSize(4096); // before connect: no receive-window autotuning
            s.connect(new InetSocketAddress("127.0.0.1", port));
            s.setSoTimeout(2_000);
            OutputStream out = s.getOutputStream();
            out.write(("GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: 127.0.0.1:" + port
                    + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: "
                    + Base64.getEncoder().encodeToString(new byte[16]) + "\r\nSec-WebSocket-Version: 13\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            DataInputStream in = new DataInputStream(s.getInputStream());
            skipHead(in);
            // masked ping frames (mask key 0: the payload goes as it is)
            byte[] ping = new byte[2 + 4 + PAYLOAD];
            ping[0] = (byte) 0x89;
            ping[1] = (byte) (0x80 | PAYLOAD);
            byte[] batch = new byte[ping.length * 1_000];
            for (int i = 0; i < 1_000; i++) {
                System.arraycopy(ping, 0, batch, i * ping.length, ping.length);
            }
            for (int i = 0; i < PINGS / 1_000; i++) {
                out.write(batch);
            }
            out.flush();
            Thread.sleep(500);
            // now read what the server sent: the open packet, and the pongs it could write
            int pongs = 0;
            try {
                for (;;) {
                    int b0 = in.readUnsignedByte();
                    int len = in.readUnsignedByte() & 0x7f;
                    long n = len == 126 ? in.readUnsignedShort() : len == 127 ? in.readLong() : len;
                    in.skipNBytes(n);
                    if ((b0 & 0x0f) == 0x0a) {
                        pongs++;
                    }
                }
            } catch (SocketTimeoutException | EOFException e) {
                // drained
            }
            assertThat(pongs).as("pongs written to a client that did not read").isGreaterThan(0)
                    .isLessThan(PINGS);
            assertThat(io.stats().connections()).as("the connection itself is fine").isEqualTo(1);
        }
    }

    private static void skipHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException();
            }
            head.write(b);
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
                    ? matched + 1 : 0;
        }
        assertThat(head.toString(StandardCharsets.ISO_8859_1)).startsWith("HTTP/1.1 101");
    }
}
