package io.zapsocket.examples.readme;

import static org.assertj.core.api.Assertions.assertThat;

import io.zapsocket.server.ServerOptions;
import io.zapsocket.server.SocketServer;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The README's "Java client" sample is not only compiled (ReadmeFragments) but run as written, against a real Zap
 * server: it connects, sends, prints the reply, and when it returns every thread of the client has ended. With a
 * refused token it prints the connect error and the typed failure instead of hanging.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JavaClientSampleTest {
    private SocketServer io;
    private String url;

    @BeforeEach
    void startServer() {
        io = SocketServer.create(ServerOptions.builder().build());
        io.use((socket, next) -> {
            if ("good".equals(socket.handshake().auth().get("token"))) {
                next.proceed();
            } else {
                next.fail("Not authorized");
            }
        });
        io.onConnection(socket -> {
            socket.emit("chat", "welcome");
            socket.emit("order", Map.of("id", "A-1"));
            socket.on("hello", (args, ack) -> ack.send(
                    "hello " + args.getString(0) + ", " + args.getBytes(1).length + " bytes"));
        });
        url = "http://localhost:" + io.listen(0).join().getPort();
    }

    @AfterEach
    void stopServer() {
        io.close().join();
    }

    private static Set<Thread> clientThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("zapsocket-client"))
                .collect(Collectors.toSet());
    }

    @Test
    void theSampleRunsAsWrittenAndLeavesNoThread() throws Exception {
        Set<Thread> before = clientThreads();
        String out = runSample("good");

        assertThat(out).containsPattern("connected as \\S+")
                .contains("chat: welcome")
                .contains("server said hello world, 2 bytes");
        Set<Thread> after = clientThreads();
        after.removeAll(before);
        assertThat(after).as("threads of the client alive after the try-with-resources").isEmpty();
    }

    @Test
    void aRefusedTokenPrintsTheConnectErrorAndTheTypedFailure() throws Exception {
        String out = runSample("bad");

        assertThat(out).contains("cannot connect: Not authorized")
                .contains("no reply: io.zapsocket.protocol.ConnectRefusedException")
                .doesNotContain("server said");
    }

    private String runSample(String token) throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(new Tee(original, captured), true, StandardCharsets.UTF_8));
        try {
            ReadmeFragments.runJavaClient(url, token);
        } finally {
            System.setOut(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    /** Writes to both streams. */
    private static final class Tee extends OutputStream {
        private final OutputStream a;
        private final OutputStream b;

        Tee(OutputStream a, OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public synchronized void write(int c) throws java.io.IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public synchronized void write(byte[] buf, int off, int len) throws java.io.IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }
    }
}
