-- nack(id, token, delayMs, signalCap) -> 1 requeued to run after delayMs (Redis clock), 0 stale token
local id, token, delay, cap = ARGV[1], ARGV[2], tonumber(ARGV[3]), tonumber(ARGV[4])
if redis.call('HGET', P .. 'tokens', id) ~= token then return 0 end
redis.call('ZREM', P .. 'leases', id)
redis.call('HDEL', P .. 'tokens', id)
local m = split(redis.call('HGET', P .. 'meta', id))
local now = now_ms()
m[5] = tostring(now + delay)
redis.call('HSET', P .. 'meta', id, join_meta(m))
enqueue(id, m[1], m[2], now + delay, now, cap)
return 1
