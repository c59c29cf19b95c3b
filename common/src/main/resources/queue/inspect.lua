-- inspect() -> {nowMs, delayed, leased, oldestDueAgeMs, leaseExpiries, platform1, ready1, platform2, ready2, …}
-- oldestDueAgeMs: how long the earliest delayed job has been due without being promoted (0 when none is late)
local now = now_ms()
local first = redis.call('ZRANGE', K.delayed, 0, 0, 'WITHSCORES')
local age = 0
if first[2] ~= nil then age = math.max(0, now - tonumber(first[2])) end
local out = {now, redis.call('ZCARD', K.delayed), redis.call('ZCARD', K.leases), age,
  tonumber(redis.call('HGET', K.counters, 'lease_expiries') or '0')}
-- ready jobs per platform, counted here (every few seconds, for metrics) rather than kept up to date on every claim
for _, platform in ipairs(redis.call('LRANGE', K.platforms, 0, -1)) do
  out[#out + 1] = platform
  out[#out + 1] = redis.call('ZLEXCOUNT', K.ready, '[' .. platform .. ' ', '(' .. platform .. '!')
end
return out
