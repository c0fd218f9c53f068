package io.zapsocket.examples.demo;

import io.lettuce.core.ScriptOutputType;
import io.zapsocket.examples.demo.DemoRedis.Script;
import io.zapsocket.protocol.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * {@link ChatHistory} in Redis, shared by every node of a cluster, with the semantics of
 * {@link InMemoryChatHistory}: posting is one Lua script ("seen this id? else remember it, append, trim"), so two
 * nodes receiving the same message (a page that resent it after reconnecting elsewhere) store it once.
 *
 * <p>Keys ({@code p} = the key prefix): {@code p chat} list of messages (JSON), trimmed to the last
 * {@value ChatHistory#SIZE}; {@code p chat:ids} hash id → message and {@code p chat:ids:order} list, the last
 * {@value ChatHistory#REMEMBERED_IDS} ids (by default).
 */
final class RedisChatHistory implements ChatHistory {
    /** KEYS = chat, chat:ids, chat:ids:order; ARGV = id, message (JSON), size, remembered ids. */
    private static final Script POST = new Script(DemoRedis.REMEMBER_BOUNDED + """
            local seen = redis.call('HGET', KEYS[2], ARGV[1])
            if seen then return {'0', seen} end
            rememberBounded(KEYS[2], KEYS[3], ARGV[1], ARGV[2], ARGV[4])
            redis.call('RPUSH', KEYS[1], ARGV[2])
            redis.call('LTRIM', KEYS[1], -tonumber(ARGV[3]), -1)
            return {'1', ARGV[2]}
            """);

    private final DemoRedis redis;
    private final String[] keys;
    private final String size;
    private final String rememberedIds;

    RedisChatHistory(DemoRedis redis, String keyPrefix) {
        this(redis, keyPrefix, SIZE, REMEMBERED_IDS);
    }

    RedisChatHistory(DemoRedis redis, String keyPrefix, int size, int rememberedIds) {
        this.redis = redis;
        this.size = Integer.toString(size);
        this.rememberedIds = Integer.toString(rememberedIds);
        this.keys = new String[] {keyPrefix + "chat", keyPrefix + "chat:ids", keyPrefix + "chat:ids:order"};
    }

    @Override
    public CompletionStage<Posted> post(Message message) {
        return redis.<List<Object>>eval(POST, ScriptOutputType.MULTI, keys, message.id(), Json.stringify(message),
                size, rememberedIds)
                .thenApply(reply -> new Posted(message((String) reply.get(1)), "1".equals(reply.get(0))));
    }

    @Override
    public CompletionStage<List<Message>> recent() {
        return redis.call(c -> c.lrange(keys[0], 0, -1)).thenApply(items -> {
            List<Message> out = new ArrayList<>(items.size());
            for (String json : items) {
                out.add(message(json));
            }
            return out;
        });
    }

    private static Message message(String json) {
        return Json.convert(Json.parse(json), Message.class);
    }
}
