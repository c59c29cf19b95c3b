-- nack(id, token, delayMs, signalCap) -> 1 requeued to run after delayMs (Redis clock), 0 stale token
local id, token, delay, cap = ARGV[1], ARGV[2], tonumber(ARGV[3]), tonumber(ARGV[4])
local m = held_meta(id, token)
if not m then return 0 end
redis.call('ZREM', P .. 'leases', id)
local now = now_ms()
m[5] = tostring(now + delay)
m[6] = ''
redis.call('HSET', P .. 'meta', id, join_meta(m))
enqueue(id, m[1], m[2], now + delay, now, cap)
return 1
