-- extend(id, token, leaseMs) -> new expiry (Redis ms), or 0 for a stale token
local id, token, lease_ms = ARGV[1], ARGV[2], tonumber(ARGV[3])
if not held_meta(id, token) then return 0 end
local expiry = now_ms() + lease_ms
redis.call('ZADD', K.leases, 'XX', expiry, id)
return expiry
