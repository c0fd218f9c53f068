package io.zapsocket.server.testing;

import io.zapsocket.server.ServerOptions;
import io.zapsocket.server.internal.engine.EngineHandler;
import io.zapsocket.server.internal.engine.EngineServer;
import io.zapsocket.server.internal.transport.HttpServerHost;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/** An {@link HttpServerHost} with one engine at {@code /engine.io/} on an ephemeral loopback port. */
public final class TestServer implements AutoCloseable {
    public final HttpServerHost host;
    public final EngineServer engine;
    public final RecordingHandler handler;
    public final int port;

    private TestServer(ServerOptions options, EngineHandler handler, RecordingHandler recording) throws Exception {
        this.host = new HttpServerHost(options);
        this.engine = new EngineServer(options, handler);
        this.handler = recording;
        host.addEngine(engine);
        this.port = host.bind("127.0.0.1", 0).get(5, TimeUnit.SECONDS).getPort();
    }

    /** Echo server; {@code custom} adjusts the defaults (long heartbeats so that pings do not interfere). */
    public static TestServer start(UnaryOperator<ServerOptions.Builder> custom) throws Exception {
        RecordingHandler h = new RecordingHandler(true);
        return new TestServer(custom.apply(defaults()).build(), h, h);
    }

    public static TestServer start(UnaryOperator<ServerOptions.Builder> custom, EngineHandler handler)
            throws Exception {
        return new TestServer(custom.apply(defaults()).build(), handler, null);
    }

    public static ServerOptions.Builder defaults() {
        return ServerOptions.builder()
                .path("/engine.io/")
                .pingInterval(Duration.ofSeconds(20))
                .pingTimeout(Duration.ofSeconds(20))
                .ioThreads(2);
    }

    public String url(String query) {
        return "http://127.0.0.1:" + port + "/engine.io/?" + query;
    }

    public String wsUrl(String query) {
        return "ws://127.0.0.1:" + port + "/engine.io/?" + query;
    }

    @Override
    public void close() {
        host.close().orTimeout(10, TimeUnit.SECONDS).join();
    }
}
