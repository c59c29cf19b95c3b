-- promote_due(limit, signalCap) -> {promoted, msUntilNextDue (-1: none), maxLagMs, totalLagMs}
-- Moves jobs whose due time (Redis clock) has come from delayed to their platform/user ready lists.
local limit, cap = tonumber(ARGV[1]), tonumber(ARGV[2])
local now = now_ms()
local due = redis.call('ZRANGEBYSCORE', K.delayed, '-inf', now, 'WITHSCORES', 'LIMIT', 0, limit)
local n = #due / 2
if n > 0 then redis.call('ZREMRANGEBYRANK', K.delayed, 0, n - 1) end -- exactly the ones just read: the lowest n
local promoted, max_lag, total_lag = 0, 0, 0
local per_platform = {}
local jobs = {}
local ids = {}
for i = 1, #due, 2 do ids[#ids + 1] = due[i] end
local metas = n > 0 and redis.call('HMGET', K.meta, unpack(ids)) or {} -- one read for the batch
for i = 1, #due, 2 do
  local id = due[i]
  local raw = metas[(i + 1) / 2]
  if raw then
    local m = split(raw)
    jobs[#jobs + 1] = {id, m[1], m[2]}
    per_platform[m[1]] = (per_platform[m[1]] or 0) + 1
    promoted = promoted + 1
    local lag = now - tonumber(due[i + 1])
    total_lag = total_lag + lag
    if lag > max_lag then max_lag = lag end
  end
end
push_ready_many(jobs)
for platform, k in pairs(per_platform) do redis.call('HINCRBY', K.readyn, platform, k) end
signal(promoted, cap)
local nxt = redis.call('ZRANGE', K.delayed, 0, 0, 'WITHSCORES')
local wait = -1
if nxt[2] ~= nil then wait = math.max(0, tonumber(nxt[2]) - now) end
return {promoted, wait, max_lag, total_lag}
