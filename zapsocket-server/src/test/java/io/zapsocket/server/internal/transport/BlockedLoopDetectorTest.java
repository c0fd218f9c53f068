package io.zapsocket.server.internal.transport;

import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.zapsocket.server.ServerOptions;
import io.zapsocket.server.ServerSocket;
import io.zapsocket.server.SocketServer;
import io.zapsocket.server.testing.RawHttp;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The blocked-loop check reports a loop that stops running tasks, once per episode, and never an idle one. */
class BlockedLoopDetectorTest {
    private final EventLoopGroup group = new DefaultEventLoopGroup(2);
    private BlockedLoopDetector detector;

    @AfterEach
    void tearDown() {
        if (detector != null) {
            detector.close();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void reportsABlockedLoopOncePerEpisode() throws Exception {
        EventLoop loop = group.next();
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch blocked = new CountDownLatch(1);
        loop.execute(() -> {
            blocked.countDown();
            awaitQuietly(release);
        });
        // the detector starts once the loop is stuck: a slow machine cannot make it report a stale probe first
        assertThat(blocked.await(5, TimeUnit.SECONDS)).isTrue();
        detector = BlockedLoopDetector.start(List.of(group), Duration.ofMillis(50));

        await().atMost(5, TimeUnit.SECONDS).until(() -> detector.reports() == 1);
        // still blocked, several check periods later: no second report for the same episode
        Thread.sleep(200);
        assertThat(detector.reports()).isEqualTo(1);
        release.countDown();
        loop.submit(() -> { }).get(5, TimeUnit.SECONDS);
        Thread.sleep(100); // let the checker see the loop run again

        CountDownLatch again = new CountDownLatch(1);
        loop.execute(() -> awaitQuietly(again));
        await().atMost(5, TimeUnit.SECONDS).until(() -> detector.reports() >= 2);
        again.countDown();
    }

    @Test
    void idleAndBusyButResponsiveLoopsAreNotReported() throws Exception {
        detector = BlockedLoopDetector.start(List.of(group), Duration.ofMillis(50));
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300);
        while (System.nanoTime() < until) {
            group.next().execute(() -> { });
            Thread.sleep(1);
        }
        assertThat(detector.reports()).isZero();
    }

    @Test
    void aServerReportsAHandlerBlockingItsLoopInItsStats() throws Exception {
        SocketServer io = SocketServer.create(ServerOptions.builder().ioThreads(1)
                .blockedLoopThreshold(Duration.ofMillis(50)).build());
        try {
            CountDownLatch release = new CountDownLatch(1);
            io.onConnection((ServerSocket s) -> awaitQuietly(release)); // a handler that blocks the I/O thread
            int port = io.listen("127.0.0.1", 0).join().getPort();
            String open = RawHttp.get(port, "/socket.io/?EIO=4&transport=polling").text();
            int at = open.indexOf("\"sid\":\"") + 7;
            String sid = open.substring(at, open.indexOf('"', at));
            // a cold JVM's first handshake (class loading) may itself keep the loop from its tasks for over 50 ms
            long before = io.stats().blockedLoopReports();
            RawHttp.Pending connect = RawHttp.start(port, "POST", "/socket.io/?EIO=4&transport=polling&sid=" + sid,
                    Map.of("Content-Type", "text/plain;charset=UTF-8"), "40".getBytes(StandardCharsets.UTF_8));

            await().atMost(5, TimeUnit.SECONDS).until(() -> io.stats().blockedLoopReports() == before + 1);
            release.countDown();
            assertThat(connect.response.get(5, TimeUnit.SECONDS).text()).isEqualTo("ok");
            assertThat(io.stats().blockedLoopReports()).as("one episode, one report").isEqualTo(before + 1);
        } finally {
            io.close().join();
        }
    }

    @Test
    void thresholdIsValidatedAndZeroTurnsTheCheckOff() {
        assertThat(ServerOptions.DEFAULT.blockedLoopThreshold()).isEqualTo(Duration.ofSeconds(2));
        assertThat(ServerOptions.builder().blockedLoopThreshold(Duration.ZERO).build().blockedLoopThreshold())
                .isZero();
        assertThatThrownBy(() -> ServerOptions.builder().blockedLoopThreshold(Duration.ofMillis(5)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BlockedLoopDetector.start(List.of(group), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
