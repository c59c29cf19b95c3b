-- ack_many(id1, token1, id2, token2, …) -> {1|0 per job}: finished jobs leave the queue; 0 = stale token (the lease
-- expired and the job went to someone else, or it was already acknowledged), which changes nothing.
local out = {}
for i = 1, #ARGV, 2 do
  local id = ARGV[i]
  if held_meta(id, ARGV[i + 1]) then
    redis.call('ZREM', K.leases, id)
    redis.call('HDEL', K.meta, id)
    redis.call('SREM', K.recheck, id)
    out[#out + 1] = 1
  else
    out[#out + 1] = 0
  end
end
return out
