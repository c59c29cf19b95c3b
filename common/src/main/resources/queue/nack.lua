-- nack(id, token, delayMs, signalCap, recheck) -> 1 requeued to run after delayMs (Redis clock), 0 stale token.
-- recheck '1': the job comes back to check on work in flight; its claims spend no rate bucket (claim.lua)
local id, token, delay, cap, recheck = ARGV[1], ARGV[2], tonumber(ARGV[3]), tonumber(ARGV[4]), ARGV[5]
local m = held_meta(id, token)
if not m then return 0 end
redis.call('ZREM', K.leases, id)
local now = now_ms()
m[5] = tostring(now + delay)
m[6] = ''
redis.call('HSET', K.meta, id, join_meta(m))
if recheck == '1' then redis.call('SADD', K.recheck, id) else redis.call('SREM', K.recheck, id) end
enqueue(id, m[1], m[2], now + delay, now, cap)
return 1
