-- requeue_expired(limit, signalCap) -> {requeued, msUntilNextExpiry (-1: no lease)}
-- A worker that stopped extending its lease (crashed, paused, partitioned) loses the job: it goes back to
-- ready, and the token it holds no longer acks, nacks or extends.
local limit, cap = tonumber(ARGV[1]), tonumber(ARGV[2])
local now = now_ms()
local expired = redis.call('ZRANGEBYSCORE', K.leases, '-inf', now, 'LIMIT', 0, limit)
local jobs = {}
for _, id in ipairs(expired) do
  redis.call('ZREM', K.leases, id)
  local m = split(redis.call('HGET', K.meta, id))
  m[6] = '' -- the old holder's token stops working
  redis.call('HSET', K.meta, id, join_meta(m))
  jobs[#jobs + 1] = {id, m[1], m[2]}
end
push_ready_many(jobs)
redis.call('HINCRBY', K.counters, 'lease_expiries', #expired)
signal(#expired, cap)
local nxt = redis.call('ZRANGE', K.leases, 0, 0, 'WITHSCORES')
local wait = -1
if nxt[2] ~= nil then wait = math.max(0, tonumber(nxt[2]) - now) end
return {#expired, wait}
