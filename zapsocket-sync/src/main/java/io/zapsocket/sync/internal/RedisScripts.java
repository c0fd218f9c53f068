package io.zapsocket.sync.internal;

/**
 * The Lua scripts of the Redis store. Each runs atomically, so an offset is assigned, stored and announced (PUBLISH)
 * in one step: the order of the announcements on the channel is the order of the offsets. Every key a script touches
 * is passed in KEYS and all of them share one hash tag (one slot), so they run on a Redis Cluster too.
 */
final class RedisScripts {
    private RedisScripts() {
    }

    private static final String NOW = """
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            """;

    private static final String ENSURE_EPOCH = """
            local epoch = redis.call('HGET', KEYS[1], 'e')
            if not epoch then
              epoch = ARGV[1]
              redis.call('HSET', KEYS[1], 'e', epoch, 'o', 0)
              redis.call('DEL', KEYS[2])
            end
            """;

    /** Drops entries older than the cutoff from the head of the history (at most 1000 per call). */
    private static final String TRIM_AGE = """
            local cutoff = now - tonumber(ARGV[4])
            for i = 1, 1000 do
              local head = redis.call('XRANGE', KEYS[2], '-', '+', 'COUNT', 1)
              if #head == 0 then break end
              local f = head[1][2]
              local ft = nil
              for j = 1, #f, 2 do if f[j] == 't' then ft = tonumber(f[j + 1]) end end
              if ft ~= nil and ft >= cutoff then break end
              redis.call('XDEL', KEYS[2], head[1][1])
            end
            """;

    /** How many recent append ids a stream remembers (a resent append within them is stored once; 1000 in APPEND). */
    static final int APPEND_IDS = 1000;

    /**
     * KEYS: meta hash, history stream, recent append ids (sorted set id → offset). ARGV: new epoch, data json, max
     * count, max age ms, meta ttl ms, channel, stream name, append id. Returns {offset, epoch, time}. An append whose id
     * is among the stream's last {@value #APPEND_IDS} (the Redis client resent it after a reconnection: Lettuce
     * replays the commands in flight when the connection dropped, which Redis may have applied already) is answered
     * with its first offset and not stored again.
     */
    static final String APPEND = """
            local existed = redis.call('EXISTS', KEYS[1]) == 1
            """ + ENSURE_EPOCH + NOW + """
            if not existed then redis.call('DEL', KEYS[3]) end
            local seen = redis.call('ZSCORE', KEYS[3], ARGV[8])
            if seen then
              local first = redis.call('XRANGE', KEYS[2], seen .. '-0', seen .. '-0')
              local ft = string.format('%.0f', now)
              if #first > 0 then
                local f = first[1][2]
                for j = 1, #f, 2 do if f[j] == 't' then ft = f[j + 1] end end
              end
              return {tonumber(seen), epoch, ft}
            end
            local off = redis.call('HINCRBY', KEYS[1], 'o', 1)
            redis.call('ZADD', KEYS[3], off, ARGV[8])
            local ids = redis.call('ZCARD', KEYS[3])
            if ids > 1000 then redis.call('ZREMRANGEBYRANK', KEYS[3], 0, ids - 1001) end
            redis.call('PEXPIRE', KEYS[3], ARGV[5])
            redis.call('XADD', KEYS[2], 'MAXLEN', ARGV[3], off .. '-0', 'd', ARGV[2], 't', string.format('%.0f', now))
            """ + TRIM_AGE + """
            redis.call('PEXPIRE', KEYS[2], ARGV[4])
            redis.call('PEXPIRE', KEYS[1], ARGV[5])
            redis.call('PUBLISH', ARGV[6], '[' .. off .. ',' .. string.format('%.0f', now) .. ','
              .. cjson.encode(epoch) .. ',' .. cjson.encode(ARGV[7]) .. ']\\n' .. ARGV[2])
            return {off, epoch, string.format('%.0f', now)}
            """;

    /**
     * KEYS: meta hash, history stream. ARGV: new epoch, start id ("" = last N), limit, max age ms, meta ttl ms.
     * Returns {epoch, top, first, (offset, time, data)*}.
     */
    static final String READ = ENSURE_EPOCH + """
            redis.call('PEXPIRE', KEYS[1], ARGV[5])
            local top = tonumber(redis.call('HGET', KEYS[1], 'o'))
            """ + NOW + TRIM_AGE + """
            local first = top + 1
            local head = redis.call('XRANGE', KEYS[2], '-', '+', 'COUNT', 1)
            if #head > 0 then first = tonumber(string.match(head[1][1], '^(%d+)')) end
            local out = {epoch, top, first}
            local limit = tonumber(ARGV[3])
            if limit > 0 then
              local entries
              if ARGV[2] == '' then
                entries = redis.call('XREVRANGE', KEYS[2], '+', '-', 'COUNT', limit)
                local n = #entries
                for i = 1, math.floor(n / 2) do entries[i], entries[n - i + 1] = entries[n - i + 1], entries[i] end
              else
                entries = redis.call('XRANGE', KEYS[2], ARGV[2], '+', 'COUNT', limit)
              end
              for _, e in ipairs(entries) do
                local d, ft = nil, nil
                for j = 1, #e[2], 2 do
                  if e[2][j] == 'd' then d = e[2][j + 1] elseif e[2][j] == 't' then ft = e[2][j + 1] end
                end
                out[#out + 1] = string.match(e[1], '^(%d+)')
                out[#out + 1] = ft
                out[#out + 1] = d
              end
            end
            return out
            """;

    private static final String PUBLISH_DIFF = """
            local function diff(channel, room, v, joins, leaves)
              redis.call('PUBLISH', channel, '{"r":' .. cjson.encode(room) .. ',"v":' .. v .. ',"j":['
                .. table.concat(joins, ',') .. '],"l":[' .. table.concat(leaves, ',') .. ']}')
            end
            """;

    /** KEYS: room hash, room version. ARGV: channel, room, ref, value json ({"k","m","n"}). Returns the new version. */
    static final String TRACK = PUBLISH_DIFF + """
            local old = redis.call('HGET', KEYS[1], ARGV[3])
            redis.call('HSET', KEYS[1], ARGV[3], ARGV[4])
            local v = redis.call('INCR', KEYS[2])
            local leaves = {}
            if old then leaves[1] = '[' .. cjson.encode(ARGV[3]) .. ',' .. old .. ']' end
            diff(ARGV[1], ARGV[2], v, {'[' .. cjson.encode(ARGV[3]) .. ',' .. ARGV[4] .. ']'}, leaves)
            return v
            """;

    /** KEYS: room hash, room version. ARGV: channel, room, ref. Returns the new version, or 0 when not tracked. */
    static final String UNTRACK = PUBLISH_DIFF + """
            local old = redis.call('HGET', KEYS[1], ARGV[3])
            if not old then return 0 end
            redis.call('HDEL', KEYS[1], ARGV[3])
            local v = redis.call('INCR', KEYS[2])
            diff(ARGV[1], ARGV[2], v, {}, {'[' .. cjson.encode(ARGV[3]) .. ',' .. old .. ']'})
            return v
            """;

    /** KEYS: room hash, room version. Returns {version, (ref, value)*}. */
    static final String PRESENCE = """
            local v = tonumber(redis.call('GET', KEYS[2]) or '0')
            local all = redis.call('HGETALL', KEYS[1])
            table.insert(all, 1, v)
            return all
            """;

    /**
     * KEYS: the nodes' sorted set. ARGV: node, timeout ms. Refreshes the node's heartbeat, marks every node silent for
     * longer than the timeout (score 0: being reaped) and returns {fresh, (dead node)*}; fresh is 1 when this node was
     * absent or marked (first beat, or it had been reaped).
     */
    static final String BEAT = NOW + """
            local old = redis.call('ZSCORE', KEYS[1], ARGV[1])
            local fresh = 0
            if (not old) or tonumber(old) == 0 then fresh = 1 end
            redis.call('ZADD', KEYS[1], string.format('%.0f', now), ARGV[1])
            local dead = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', string.format('%.0f', now - tonumber(ARGV[2])))
            local out = {fresh}
            for _, d in ipairs(dead) do
              redis.call('ZADD', KEYS[1], 0, d)
              out[#out + 1] = d
            end
            return out
            """;

    /** KEYS: room hash, room version. ARGV: channel, room, dead node. Removes the node's members, with one diff. */
    static final String REAP = PUBLISH_DIFF + """
            local all = redis.call('HGETALL', KEYS[1])
            local leaves = {}
            for i = 1, #all, 2 do
              local ok, obj = pcall(cjson.decode, all[i + 1])
              if ok and obj.n == ARGV[3] then
                redis.call('HDEL', KEYS[1], all[i])
                leaves[#leaves + 1] = '[' .. cjson.encode(all[i]) .. ',' .. all[i + 1] .. ']'
              end
            end
            if #leaves > 0 then diff(ARGV[1], ARGV[2], redis.call('INCR', KEYS[2]), {}, leaves) end
            return #leaves
            """;

    /** KEYS: the nodes' sorted set, the node's room set. ARGV: node. Forgets the node if it is still marked. */
    static final String FORGET = """
            local s = redis.call('ZSCORE', KEYS[1], ARGV[1])
            if s and tonumber(s) ~= 0 then return 0 end
            redis.call('ZREM', KEYS[1], ARGV[1])
            redis.call('DEL', KEYS[2])
            return 1
            """;
}
