-- ack(id, token) -> 1 done, 0 stale token (the lease expired and the job went to someone else, or was acked)
local id, token = ARGV[1], ARGV[2]
if redis.call('HGET', P .. 'tokens', id) ~= token then return 0 end
redis.call('ZREM', P .. 'leases', id)
redis.call('HDEL', P .. 'tokens', id)
redis.call('HDEL', P .. 'meta', id)
return 1
