package io.zapsocket.sync.internal;

/**
 * The Lua scripts of the Redis inboxes. KEYS of each: the inbox's meta hash ({@code o}: last id, {@code b}: bytes
 * of the data kept) and its Redis Stream (entry ids {@code <id>-0}, fields {@code d} data and {@code t} time). Each
 * runs atomically, so the count and byte bounds hold under concurrent sends from any node.
 */
final class RedisInboxScripts {
    private RedisInboxScripts() {
    }

    private static final String COMMON = """
            local t0 = redis.call('TIME')
            local now = tonumber(t0[1]) * 1000 + math.floor(tonumber(t0[2]) / 1000)
            local function fields(e)
              local d, t = '', 0
              for j = 1, #e[2], 2 do
                if e[2][j] == 'd' then d = e[2][j + 1] elseif e[2][j] == 't' then t = tonumber(e[2][j + 1]) end
              end
              return d, t
            end
            local function drop(e)
              local d = fields(e)
              redis.call('XDEL', KEYS[2], e[1])
              redis.call('HINCRBY', KEYS[1], 'b', -string.len(d))
            end
            local function expire(ttl)
              local cutoff = now - tonumber(ttl)
              for i = 1, 1000 do
                local h = redis.call('XRANGE', KEYS[2], '-', '+', 'COUNT', 1)
                if #h == 0 then break end
                local _, t = fields(h[1])
                if t >= cutoff then break end
                drop(h[1])
              end
            end
            """;

    /**
     * KEYS: meta hash, stream, recent append ids (sorted set append id → message id). ARGV: data json, max count, max
     * bytes, ttl ms, drop oldest ('1'/'0'), channel, user, meta ttl ms, append id. Returns {id, time}, or {-1} (full),
     * {-2} (larger than the inbox). An append whose id is among the inbox's last 1000 (the Redis client resent it after
     * a reconnection) is answered with its first message id and not stored again.
     */
    static final String APPEND = COMMON + """
            local seen = redis.call('ZSCORE', KEYS[3], ARGV[9])
            if seen then return {tonumber(seen), string.format('%.0f', now)} end
            expire(ARGV[4])
            local size = string.len(ARGV[1])
            if size > tonumber(ARGV[3]) then return {-2} end
            local count = redis.call('XLEN', KEYS[2])
            local bytes = tonumber(redis.call('HGET', KEYS[1], 'b') or '0')
            while count + 1 > tonumber(ARGV[2]) or bytes + size > tonumber(ARGV[3]) do
              if ARGV[5] ~= '1' then return {-1} end
              local h = redis.call('XRANGE', KEYS[2], '-', '+', 'COUNT', 1)
              if #h == 0 then break end
              local d = fields(h[1])
              redis.call('XDEL', KEYS[2], h[1][1])
              bytes = bytes - string.len(d)
              count = count - 1
            end
            redis.call('HSET', KEYS[1], 'b', bytes + size)
            local id = redis.call('HINCRBY', KEYS[1], 'o', 1)
            local ts = string.format('%.0f', now)
            redis.call('XADD', KEYS[2], id .. '-0', 'd', ARGV[1], 't', ts)
            redis.call('ZADD', KEYS[3], id, ARGV[9])
            local ids = redis.call('ZCARD', KEYS[3])
            if ids > 1000 then redis.call('ZREMRANGEBYRANK', KEYS[3], 0, ids - 1001) end
            redis.call('PEXPIRE', KEYS[3], ARGV[8])
            redis.call('PEXPIRE', KEYS[2], ARGV[4])
            redis.call('PEXPIRE', KEYS[1], ARGV[8])
            redis.call('PUBLISH', ARGV[6], '[' .. id .. ',' .. ts .. ',' .. cjson.encode(ARGV[7]) .. ']\\n' .. ARGV[1])
            return {id, ts}
            """;

    /** ARGV: start id ("<after+1>-0"), limit, ttl ms. Returns {top, (id, time, data)*}. */
    static final String READ = COMMON + """
            expire(ARGV[3])
            local out = {tonumber(redis.call('HGET', KEYS[1], 'o') or '0')}
            for _, e in ipairs(redis.call('XRANGE', KEYS[2], ARGV[1], '+', 'COUNT', tonumber(ARGV[2]))) do
              local d, t = fields(e)
              out[#out + 1] = string.match(e[1], '^(%d+)')
              out[#out + 1] = string.format('%.0f', t)
              out[#out + 1] = d
            end
            return out
            """;

    /** ARGV: up to id (0: none), then single ids. Returns how many were removed. */
    static final String ACK = COMMON + """
            local removed = 0
            if tonumber(ARGV[1]) > 0 then
              for _, e in ipairs(redis.call('XRANGE', KEYS[2], '-', ARGV[1] .. '-0')) do
                drop(e)
                removed = removed + 1
              end
            end
            for i = 2, #ARGV do
              local es = redis.call('XRANGE', KEYS[2], ARGV[i] .. '-0', ARGV[i] .. '-0')
              if #es > 0 then
                drop(es[1])
                removed = removed + 1
              end
            end
            return removed
            """;
}
