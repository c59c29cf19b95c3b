-- cancel(id) -> 'cancelled' | 'leased' (a worker holds it: the state machine decides) | 'absent'
local id = ARGV[1]
local raw = redis.call('HGET', K.meta, id)
if not raw then return 'absent' end
if redis.call('ZSCORE', K.leases, id) then return 'leased' end
if redis.call('ZREM', K.delayed, id) == 0 then
  -- not delayed, so ready: its meta is the full one (only a delayed job's may be compact, lib.lua)
  local m = split(raw)
  remove_ready(id, m[1])
end
redis.call('HDEL', K.meta, id)
redis.call('SREM', K.recheck, id)
return 'cancelled'
