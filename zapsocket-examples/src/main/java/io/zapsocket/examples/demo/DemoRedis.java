package io.zapsocket.examples.demo;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.protocol.ProtocolVersion;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The clustered demo's own Redis connection (Lettuce), used by {@link RedisTodoStore};
 * the Socket.IO adapter and the sync module ({@code zapsocket-sync}: presence, typing) have their own connections.
 * Everything is asynchronous: Lua scripts run
 * with {@code EVALSHA} (falling back to {@code EVAL}, which caches the script, when Redis does not know it yet),
 * and their results complete on Lettuce's I/O thread.
 *
 * <p>Bounds and failure behaviour: Lettuce reconnects by itself (100 ms to 2 s, exponential); while it is
 * disconnected commands fail at once instead of queueing (the page keeps its changes and sends them again), at
 * most {@value #MAX_QUEUED} commands may wait for their replies, and each times out after {@link #COMMAND_TIMEOUT}.
 */
final class DemoRedis implements AutoCloseable {
    static final int MAX_QUEUED = 10_000;
    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(5);

    /**
     * A Lua function for scripts: remembers {@code value} under {@code id} in the hash {@code hash} and appends
     * {@code id} to the list {@code order} (oldest first), forgetting the oldest id beyond {@code max}.
     */
    static final String REMEMBER_BOUNDED = """
            local function rememberBounded(hash, order, id, value, max)
              redis.call('HSET', hash, id, value)
              if redis.call('RPUSH', order, id) > tonumber(max) then
                redis.call('HDEL', hash, redis.call('LPOP', order))
              end
            end
            """;

    /** A Lua script and its SHA-1 (what {@code EVALSHA} names it by). */
    record Script(String source, String sha) {
        Script(String source) {
            this(source, sha1(source));
        }

        private static String sha1(String source) {
            try {
                return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                        .digest(source.getBytes(StandardCharsets.UTF_8)));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private final ClientResources resources;
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;

    private DemoRedis(ClientResources resources, RedisClient client, StatefulRedisConnection<String, String> c,
                      String keyPrefix) {
        this.resources = resources;
        this.client = client;
        this.connection = c;
    }

    /**
     * Connects (blocking, at startup: at most Lettuce's connect timeout of 10 s); {@code keyPrefix} starts every key
     * of the demo's state.
     */
    static DemoRedis connect(String uri, String keyPrefix) {
        ClientResources resources = ClientResources.builder()
                .ioThreadPoolSize(2) // Lettuce's minimum
                .computationThreadPoolSize(2)
                .reconnectDelay(Delay.exponential(Duration.ofMillis(100), Duration.ofSeconds(2), 2,
                        TimeUnit.MILLISECONDS))
                .build();
        RedisClient client = RedisClient.create(resources, RedisURI.create(uri));
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .protocolVersion(ProtocolVersion.RESP2)
                .requestQueueSize(MAX_QUEUED)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(COMMAND_TIMEOUT))
                .build());
        try {
            return new DemoRedis(resources, client, client.connect(), keyPrefix);
        } catch (RuntimeException e) {
            shutdown(client, resources);
            throw e;
        }
    }

    /** Runs a script; {@code T} is what {@code type} gives (a {@code List<Object>} for MULTI, a Long for INTEGER). */
    <T> CompletionStage<T> eval(Script script, ScriptOutputType type, String[] keys, String... args) {
        return call(c -> {
            CompletionStage<T> first = c.evalsha(script.sha(), type, keys, args);
            return first.exceptionallyCompose(e -> Replies.cause(e) instanceof RedisNoScriptException
                    ? c.<T>eval(script.source(), type, keys, args)
                    : first);
        });
    }

    /** Runs plain commands; a command that cannot even be sent fails the result (never throws). */
    <T> CompletionStage<T> call(Function<RedisAsyncCommands<String, String>, CompletionStage<T>> command) {
        try {
            return command.apply(connection.async());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Closes the connection and Lettuce's threads (waits at most a few seconds). */
    @Override
    public void close() {
        connection.close();
        shutdown(client, resources);
    }

    private static void shutdown(RedisClient client, ClientResources resources) {
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        resources.shutdown(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
    }
}
