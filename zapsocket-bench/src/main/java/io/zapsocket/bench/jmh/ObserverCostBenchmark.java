package io.zapsocket.bench.jmh;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.zapsocket.micrometer.ZapSocketMetrics;
import io.zapsocket.server.ServerObserver;
import io.zapsocket.server.SocketServer;
import io.zapsocket.server.internal.engine.EngineServer;
import io.zapsocket.server.internal.sio.DefaultSocketServer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the server pays per event with {@code ZapSocketMetrics} on a Prometheus registry: the calls it makes
 * through the server's observer (guard included). An echo round trip costs one {@code received} (its inbound
 * message), a share of one {@code sentPerFlush} (one call per flush task of a loop) and 1/16 of a
 * {@code latencySample}; a fan-out delivery costs a share of one {@code sentPerFlush} per loop and task.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ObserverCostBenchmark {
    private SocketServer io;
    private ServerObserver observer;

    @Setup
    public void setup() throws ReflectiveOperationException {
        io = SocketServer.create();
        ZapSocketMetrics.of(io).bindTo(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        java.lang.reflect.Field engine = DefaultSocketServer.class.getDeclaredField("engine");
        engine.setAccessible(true);
        observer = ((EngineServer) engine.get(io)).observers().current();
    }

    @TearDown
    public void tearDown() {
        io.close().join();
    }

    @Benchmark
    public void received() {
        observer.onMessageReceived(24);
    }

    @Benchmark
    public void sentPerFlush() {
        observer.onPacketSent(1, 31);
    }

    @Benchmark
    public void latencySample() {
        observer.onWriteLatency(12_345);
    }
}
