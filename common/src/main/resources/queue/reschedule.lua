-- reschedule(id, dueMs, signalCap) -> 'rescheduled' | 'leased' | 'absent'
-- The job keeps its attempt count; it waits with the compact meta when the new due time is later (lib.lua).
local id, due, cap = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])
local m = read_meta(id)
if not m then return 'absent' end
if redis.call('ZSCORE', K.leases, id) then return 'leased' end
if redis.call('ZREM', K.delayed, id) == 0 then remove_ready(id, m[1]) end
local now = now_ms()
if due > now then intern_owners({{m[1], m[2], m[3]}}) end
redis.call('HSET', K.meta, id, queued_meta(m[1], m[2], m[3], m[4], due, now))
enqueue(id, m[1], m[2], due, now, cap)
return 'rescheduled'
