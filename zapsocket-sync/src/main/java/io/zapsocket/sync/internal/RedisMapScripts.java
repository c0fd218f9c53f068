package io.zapsocket.sync.internal;

/**
 * The Lua scripts of the Redis replicated maps. KEYS of each: the map's hash (field = key, value =
 * {@code {"v": <value json text>, "s": stamp, "n": version}}, no {@code v} for a tombstone) and its change sequence
 * counter. A write decides (last-writer-wins by stamp, or compare-and-set by version), stores, numbers and publishes
 * the change in one atomic step, so every node applies the same changes in the same order.
 */
final class RedisMapScripts {
    private RedisMapScripts() {
    }

    private static final String COLLECT = """
            local function collect(cutoff)
              local all = redis.call('HGETALL', KEYS[1])
              for i = 1, #all, 2 do
                local e = cjson.decode(all[i + 1])
                if e.v == nil and e.s < cutoff then redis.call('HDEL', KEYS[1], all[i]) end
              end
            end
            """;

    /**
     * ARGV: key, value json ('' with deleted '1'), deleted, stamp, expected version (-1: LWW), max keys, tombstone
     * cutoff, channel, map. Returns {applied seq (0: an older write lost), stamp, version, value|''}, or {-1, version}
     * (conflict), {-2} (too many keys).
     */
    static final String WRITE = COLLECT + """
            local cur = redis.call('HGET', KEYS[1], ARGV[1])
            local c = nil
            if cur then c = cjson.decode(cur) end
            local version = 0
            if c then version = c.n end
            local expected = tonumber(ARGV[5])
            if expected < 0 then
              if c and c.s >= ARGV[4] then return {0, c.s, version, c.v or ''} end
            elseif expected ~= version then
              return {-1, version}
            end
            if not c and redis.call('HLEN', KEYS[1]) >= tonumber(ARGV[6]) then
              collect(ARGV[7])
              if redis.call('HLEN', KEYS[1]) >= tonumber(ARGV[6]) then return {-2} end
            end
            local e = {s = ARGV[4], n = version + 1}
            if ARGV[3] ~= '1' then e.v = ARGV[2] end
            redis.call('HSET', KEYS[1], ARGV[1], cjson.encode(e))
            local seq = redis.call('INCR', KEYS[2])
            redis.call('PUBLISH', ARGV[8], cjson.encode({seq, e.n, e.s, ARGV[9], ARGV[1], ARGV[3]}) .. '\\n' .. ARGV[2])
            return {seq, e.s, e.n, ARGV[2]}
            """;

    /** ARGV: tombstone cutoff. Returns {seq, (key, entry json)*} with the live entries. */
    static final String READ = COLLECT + """
            collect(ARGV[1])
            local out = {tonumber(redis.call('GET', KEYS[2]) or '0')}
            local all = redis.call('HGETALL', KEYS[1])
            for i = 1, #all, 2 do
              if cjson.decode(all[i + 1]).v ~= nil then
                out[#out + 1] = all[i]
                out[#out + 1] = all[i + 1]
              end
            end
            return out
            """;
}
