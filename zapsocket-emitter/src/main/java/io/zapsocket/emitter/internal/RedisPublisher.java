package io.zapsocket.emitter.internal;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.protocol.ProtocolVersion;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import io.zapsocket.emitter.EmitterOptions;
import io.zapsocket.emitter.Publisher;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code PUBLISH} through one Lettuce connection, opened on the first publish. Once connected, Lettuce reconnects by
 * itself (100 ms to 2 s) and holds at most {@code maxQueuedCommands} publishes meanwhile; a first connection that
 * fails fails the publishes waiting for it, and the next publish tries again. Never blocks the caller.
 */
public final class RedisPublisher implements Publisher {
    private static final Logger log = LoggerFactory.getLogger(RedisPublisher.class);
    private static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

    private final EmitterOptions options;
    private final ClientResources resources;
    private final RedisClient client;
    private final AtomicReference<CompletableFuture<StatefulRedisConnection<String, byte[]>>> connection =
            new AtomicReference<>();
    private volatile boolean closed;

    public RedisPublisher(EmitterOptions options) {
        if (options.uri() == null) {
            throw new IllegalArgumentException("EmitterOptions without a Redis uri: use EmitterOptions.builder(uri)");
        }
        this.options = options;
        this.resources = ClientResources.builder()
                .ioThreadPoolSize(1)
                .computationThreadPoolSize(1)
                .reconnectDelay(Delay.exponential(Duration.ofMillis(100), Duration.ofSeconds(2), 2,
                        TimeUnit.MILLISECONDS))
                .build();
        this.client = RedisClient.create(resources, RedisURI.create(options.uri()));
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .protocolVersion(ProtocolVersion.RESP2)
                .requestQueueSize(options.maxQueuedCommands())
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.ACCEPT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(options.commandTimeout()))
                .build());
    }

    @Override
    public CompletionStage<Long> publish(String channel, byte[] message) {
        return connection().thenCompose(c -> c.async().publish(channel, message));
    }

    private CompletableFuture<StatefulRedisConnection<String, byte[]>> connection() {
        while (true) {
            if (closed) {
                return CompletableFuture.failedFuture(new IllegalStateException("emitter closed"));
            }
            CompletableFuture<StatefulRedisConnection<String, byte[]>> current = connection.get();
            if (current != null && !current.isCompletedExceptionally()) {
                return current;
            }
            CompletableFuture<StatefulRedisConnection<String, byte[]>> next = new CompletableFuture<>();
            if (connection.compareAndSet(current, next)) {
                client.connectAsync(CODEC, RedisURI.create(options.uri())).whenComplete((c, e) -> {
                    if (e != null) {
                        log.warn("emitter: cannot connect to {}: {}", options.redactedUri(), e.toString());
                        next.completeExceptionally(e);
                    } else if (closed) {
                        c.closeAsync();
                        next.completeExceptionally(new IllegalStateException("emitter closed"));
                    } else {
                        next.complete(c);
                    }
                });
                return next;
            }
        }
    }

    /** Flushes what was published (bounded by {@code commandTimeout}), then stops the client and its threads. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        CompletableFuture<StatefulRedisConnection<String, byte[]>> c = connection.get();
        if (c != null && c.isDone() && !c.isCompletedExceptionally()) {
            try {
                c.join().closeAsync().get(options.commandTimeout().toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                log.debug("emitter: closing the connection: {}", e.toString());
            }
        }
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        // the client has shut down and waited above; the resources' event loops stop on their own (quiet period 0)
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }
}
