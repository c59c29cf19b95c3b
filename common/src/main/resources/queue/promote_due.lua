-- promote_due(limit, signalCap) -> {promoted, msUntilNextDue (-1: none), maxLagMs, totalLagMs}
-- Moves jobs whose due time (Redis clock) has come from delayed to their platforms' ready lists (lib.lua "Ready jobs"). Compact metas
-- (lib.lua) become full ones on the way (due = the delayed score): one HMGET of the batch's owners, one HSET.
local limit, cap = tonumber(ARGV[1]), tonumber(ARGV[2])
local now = now_ms()
local due = redis.call('ZRANGEBYSCORE', K.delayed, '-inf', now, 'WITHSCORES', 'LIMIT', 0, limit)
local n = #due / 2
if n > 0 then redis.call('ZREMRANGEBYRANK', K.delayed, 0, n - 1) end -- exactly the ones just read: the lowest n
local promoted, max_lag, total_lag = 0, 0, 0
local jobs = {}
local ids = {}
for i = 1, #due, 2 do ids[#ids + 1] = due[i] end
local metas = n > 0 and redis.call('HMGET', K.meta, unpack(ids)) or {} -- one read for the batch
-- the owners of the compact metas, each read once
local owner_fields, owner_at = {}, {}
for i = 1, n do
  local raw = metas[i]
  if raw and is_compact(raw) then
    local field = 'o:' .. owner_of(raw)
    if not owner_at[field] then
      owner_fields[#owner_fields + 1] = field
      owner_at[field] = #owner_fields
    end
  end
end
local owners = #owner_fields > 0 and redis.call('HMGET', K.owners, unpack(owner_fields)) or {}
local expanded, lost = {}, {}
for i = 1, #due, 2 do
  local id = due[i]
  local raw = metas[(i + 1) / 2]
  if raw and is_compact(raw) then
    local owner = owners[owner_at['o:' .. owner_of(raw)]]
    if owner then
      raw = expand(raw, owner, tonumber(due[i + 1]))
      expanded[#expanded + 1] = id
      expanded[#expanded + 1] = raw
    else
      lost[#lost + 1] = id -- its owner entry is gone: without its meta the reconciler restores it from Postgres
      raw = nil
    end
  end
  if raw then
    local platform, user = string.match(raw, '^([^|]*)|([^|]*)|')
    jobs[#jobs + 1] = {id, platform, user}
    promoted = promoted + 1
    local lag = now - tonumber(due[i + 1])
    total_lag = total_lag + lag
    if lag > max_lag then max_lag = lag end
  end
end
for i = 1, #expanded, 1000 do redis.call('HSET', K.meta, unpack(expanded, i, math.min(#expanded, i + 999))) end
if #lost > 0 then redis.call('HDEL', K.meta, unpack(lost)) end
push_ready_many(jobs)
signal(promoted, cap)
local nxt = redis.call('ZRANGE', K.delayed, 0, 0, 'WITHSCORES')
local wait = -1
if nxt[2] ~= nil then wait = math.max(0, tonumber(nxt[2]) - now) end
return {promoted, wait, max_lag, total_lag}
