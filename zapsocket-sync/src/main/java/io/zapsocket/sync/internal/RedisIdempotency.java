package io.zapsocket.sync.internal;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.zapsocket.sync.SyncError;
import io.zapsocket.sync.SyncException;
import io.zapsocket.sync.store.IdempotencyClaim;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Cluster-wide idempotency keys in Redis: one string key per idempotency key, {@code <prefix>:d:<scope and key>}
 * (single-key commands, so any slot of a Redis Cluster). Its value: {@code p<token>} while the emit that claimed it
 * runs the handler (expires after the pending timeout), then {@code a<answer json>} or {@code x} (answered, the answer
 * not kept) for the idempotency window. Claiming is one script (GET, and SET if absent: atomic), so exactly one emit
 * of a key claims it at a time; a claim that finds another pending polls (20 ms, doubling up to 500 ms) until the
 * answer or the end of that claim.
 */
final class RedisIdempotency {
    /** 'c' when claimed now, else the current value. */
    static final String CLAIM = """
            local v = redis.call('GET', KEYS[1])
            if not v then
              redis.call('SET', KEYS[1], 'p' .. ARGV[1], 'PX', ARGV[2])
              return 'c'
            end
            return v
            """;
    static final String RELEASE = """
            if redis.call('GET', KEYS[1]) == 'p' .. ARGV[1] then return redis.call('DEL', KEYS[1]) end
            return 0
            """;
    private static final long FIRST_POLL_MS = 20;
    private static final long MAX_POLL_MS = 500;

    private final RedisClusterAsyncCommands<String, String> redis;
    private final ScheduledExecutorService scheduler;
    private final String prefix;
    private final Duration storeTimeout;

    RedisIdempotency(RedisClusterAsyncCommands<String, String> redis, ScheduledExecutorService scheduler,
                     String prefix, Duration storeTimeout) {
        this.redis = redis;
        this.scheduler = scheduler;
        this.prefix = prefix;
        this.storeTimeout = storeTimeout;
    }

    private String key(String key) {
        return prefix + ":d:" + key;
    }

    CompletableFuture<IdempotencyClaim> claim(String key, String token, Duration pendingTimeout) {
        CompletableFuture<IdempotencyClaim> out = new CompletableFuture<>();
        // a claim ends within pendingTimeout: waiting longer means Redis misbehaves
        long deadline = System.nanoTime() + pendingTimeout.plus(storeTimeout).plus(storeTimeout).toNanos();
        attempt(key(key), token, pendingTimeout, FIRST_POLL_MS, deadline, out);
        return out;
    }

    private void attempt(String k, String token, Duration pendingTimeout, long pollMs, long deadline,
                         CompletableFuture<IdempotencyClaim> out) {
        redis.<String>eval(CLAIM, ScriptOutputType.VALUE, new String[] {k}, token,
                Long.toString(pendingTimeout.toMillis())).whenComplete((v, e) -> {
                    if (e != null) {
                        out.completeExceptionally(new SyncException(SyncError.UNAVAILABLE,
                                "the sync store failed: " + e, e));
                    } else if ("c".equals(v) || v.equals("p" + token)) { // (p+token: Lettuce resent our claim)
                        out.complete(IdempotencyClaim.CLAIMED);
                    } else if (v.startsWith("a")) {
                        out.complete(new IdempotencyClaim(false, v.substring(1)));
                    } else if (v.startsWith("x")) {
                        out.complete(new IdempotencyClaim(false, null));
                    } else if (System.nanoTime() - deadline > 0) {
                        out.completeExceptionally(new SyncException(SyncError.UNAVAILABLE,
                                "the first emit of this idempotency key is still pending"));
                    } else {
                        try {
                            scheduler.schedule(() -> attempt(k, token, pendingTimeout,
                                    Math.min(pollMs * 2, MAX_POLL_MS), deadline, out), pollMs, TimeUnit.MILLISECONDS);
                        } catch (RuntimeException rejected) {
                            out.completeExceptionally(new SyncException(SyncError.UNAVAILABLE,
                                    "the sync store is closed"));
                        }
                    }
                });
    }

    CompletableFuture<Void> answer(String key, String answerJson, Duration window) {
        return redis.set(key(key), answerJson == null ? "x" : "a" + answerJson,
                SetArgs.Builder.px(window.toMillis())).toCompletableFuture().thenApply(r -> null);
    }

    CompletableFuture<Void> release(String key, String token) {
        return redis.<Long>eval(RELEASE, ScriptOutputType.INTEGER, new String[] {key(key)}, token)
                .toCompletableFuture().thenApply(r -> null);
    }
}
