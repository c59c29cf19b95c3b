-- reschedule(id, dueMs, signalCap) -> 'rescheduled' | 'leased' | 'absent'
local id, due, cap = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])
local raw = redis.call('HGET', K.meta, id)
if not raw then return 'absent' end
if redis.call('ZSCORE', K.leases, id) then return 'leased' end
local m = split(raw)
if redis.call('ZREM', K.delayed, id) == 0 then remove_ready(id, m[1], m[2]) end
m[5] = tostring(due)
redis.call('HSET', K.meta, id, join_meta(m))
enqueue(id, m[1], m[2], due, now_ms(), cap)
return 'rescheduled'
