package io.zapsocket.examples.demo;

import io.lettuce.core.ScriptOutputType;
import io.zapsocket.examples.demo.DemoRedis.Script;
import io.zapsocket.protocol.json.Json;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@link TodoStore} in Redis, shared by every node of a cluster, with exactly the semantics of
 * {@link InMemoryTodoStore}: each change is one Lua script, so "replayed? exists? same version? then write and
 * remember the result" is atomic (Redis runs a script alone), without WATCH retries. The time of a change is this
 * node's clock, passed to the script ({@code updatedAt} never goes backwards, as in memory).
 *
 * <p>Keys ({@code p} = the key prefix): {@code p todos} hash id → item (JSON; numbers as strings, so that Lua's
 * doubles never round them); {@code p order} sorted set id → creation sequence ({@code p seq}), for "oldest
 * first"; {@code p ops} hash operation id → result (JSON) and {@code p ops:order} list, the remembered operations
 * oldest first. Same bounds as in memory: at most {@value TodoStore#MAX_ITEMS} items, the last
 * {@value TodoStore#REMEMBERED_OPS} operations remembered (by default). Single-instance Redis (the keys are not
 * hash-tagged for Redis Cluster).
 */
final class RedisTodoStore implements TodoStore {
    /**
     * Common head of the change scripts: KEYS = todos, order, seq, ops, ops:order; ARGV[1] = operation id,
     * ARGV[2] = item id. A remembered operation is answered as it was; {@code remember} stores a new result and
     * forgets the oldest beyond the bound (ARGV[3]).
     */
    private static final String REMEMBER = DemoRedis.REMEMBER_BOUNDED + """
            local done = redis.call('HGET', KEYS[4], ARGV[1])
            if done then return {'replay', done} end
            local function remember(result)
              rememberBounded(KEYS[4], KEYS[5], ARGV[1], result, ARGV[3])
              return {'new', result}
            end
            local function applied(todo, deleted)
              return remember('{"kind":"applied","deleted":' .. tostring(deleted) .. ',"todo":' .. todo .. '}')
            end
            local function stale(todo)
              return remember('{"kind":"stale","todo":' .. todo .. '}')
            end
            local function notFound()
              return remember(cjson.encode({kind = 'not_found', id = ARGV[2]}))
            end
            """;

    /** ARGV[4] = text, [5] = by, [6] = now (ms), [7] = max items. */
    private static final Script CREATE = new Script(REMEMBER + """
            local existing = redis.call('HGET', KEYS[1], ARGV[2])
            if existing then return stale(existing) end
            if redis.call('HLEN', KEYS[1]) >= tonumber(ARGV[7]) then return {'full', ''} end
            local todo = cjson.encode({id = ARGV[2], text = ARGV[4], completed = false, version = '1',
                                       updatedAt = ARGV[6], updatedBy = ARGV[5]})
            redis.call('HSET', KEYS[1], ARGV[2], todo)
            redis.call('ZADD', KEYS[2], redis.call('INCR', KEYS[3]), ARGV[2])
            return applied(todo, false)
            """);

    /**
     * ARGV[4] = base version, [5] = '1' if the text changes, [6] = text, [7] = completed ('' unchanged, 'true',
     * 'false'), [8] = by, [9] = now (ms).
     */
    private static final Script UPDATE = new Script(REMEMBER + """
            local current = redis.call('HGET', KEYS[1], ARGV[2])
            if not current then return notFound() end
            local t = cjson.decode(current)
            if tonumber(t.version) ~= tonumber(ARGV[4]) then return stale(current) end
            if ARGV[5] == '1' then t.text = ARGV[6] end
            if ARGV[7] ~= '' then t.completed = (ARGV[7] == 'true') end
            t.version = string.format('%d', tonumber(t.version) + 1)
            if tonumber(ARGV[9]) > tonumber(t.updatedAt) then t.updatedAt = ARGV[9] end
            t.updatedBy = ARGV[8]
            local todo = cjson.encode(t)
            redis.call('HSET', KEYS[1], ARGV[2], todo)
            return applied(todo, false)
            """);

    private static final Script DELETE = new Script(REMEMBER + """
            local current = redis.call('HGET', KEYS[1], ARGV[2])
            if not current then return notFound() end
            redis.call('HDEL', KEYS[1], ARGV[2])
            redis.call('ZREM', KEYS[2], ARGV[2])
            return applied(current, true)
            """);

    /** KEYS = todos, order: the items in creation order (one consistent snapshot). */
    private static final Script LIST = new Script("""
            local ids = redis.call('ZRANGE', KEYS[2], 0, -1)
            if #ids == 0 then return {} end
            return redis.call('HMGET', KEYS[1], unpack(ids))
            """);

    private final DemoRedis redis;
    private final Clock clock;
    private final int maxItems;
    private final String rememberedOps;
    private final String[] keys;

    RedisTodoStore(DemoRedis redis, String keyPrefix, Clock clock) {
        this(redis, keyPrefix, clock, MAX_ITEMS, REMEMBERED_OPS);
    }

    RedisTodoStore(DemoRedis redis, String keyPrefix, Clock clock, int maxItems, int rememberedOps) {
        this.redis = redis;
        this.clock = clock;
        this.maxItems = maxItems;
        this.rememberedOps = Integer.toString(rememberedOps);
        this.keys = new String[] {keyPrefix + "todos", keyPrefix + "order", keyPrefix + "seq", keyPrefix + "ops",
                keyPrefix + "ops:order"};
    }

    @Override
    public CompletionStage<List<Todo>> list() {
        return redis.<List<Object>>eval(LIST, ScriptOutputType.MULTI, new String[] {keys[0], keys[1]})
                .thenApply(items -> {
                    List<Todo> out = new ArrayList<>(items.size());
                    for (Object json : items) {
                        if (json instanceof String s) {
                            out.add(todo(Json.parse(s)));
                        }
                    }
                    return out;
                });
    }

    @Override
    public CompletionStage<Result> create(String opId, String id, String text, String by) {
        return change(CREATE, opId, id, text, by, Long.toString(clock.millis()),
                Integer.toString(maxItems));
    }

    @Override
    public CompletionStage<Result> update(String opId, String id, long baseVersion, String text, Boolean completed,
                                          String by) {
        return change(UPDATE, opId, id, Long.toString(baseVersion), text != null ? "1" : "0",
                text != null ? text : "", completed == null ? "" : completed.toString(), by,
                Long.toString(clock.millis()));
    }

    @Override
    public CompletionStage<Result> delete(String opId, String id, String by) {
        return change(DELETE, opId, id);
    }

    private CompletionStage<Result> change(Script script, String opId, String id, String... more) {
        String[] args = new String[3 + more.length];
        args[0] = opId;
        args[1] = id;
        args[2] = rememberedOps;
        System.arraycopy(more, 0, args, 3, more.length);
        return redis.<List<Object>>eval(script, ScriptOutputType.MULTI, keys, args).thenCompose(reply -> {
            String status = (String) reply.get(0);
            if ("full".equals(status)) {
                return CompletableFuture.failedFuture(new Full(maxItems));
            }
            Result r = result(Json.parse((String) reply.get(1)));
            return CompletableFuture.completedFuture("replay".equals(status) ? r.asReplay() : r);
        });
    }

    private static Result result(Object json) {
        Map<?, ?> m = (Map<?, ?>) json;
        return switch ((String) m.get("kind")) {
            case "applied" -> new Applied(todo(m.get("todo")), Boolean.TRUE.equals(m.get("deleted")), false);
            case "stale" -> new Stale(todo(m.get("todo")), false);
            case "not_found" -> new NotFound((String) m.get("id"), false);
            default -> throw new IllegalStateException("unexpected result from Redis: " + m);
        };
    }

    private static Todo todo(Object json) {
        Map<?, ?> m = (Map<?, ?>) json;
        return new Todo((String) m.get("id"), (String) m.get("text"), Boolean.TRUE.equals(m.get("completed")),
                Long.parseLong((String) m.get("version")), Long.parseLong((String) m.get("updatedAt")),
                (String) m.get("updatedBy"));
    }
}
