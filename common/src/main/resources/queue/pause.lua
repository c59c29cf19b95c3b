-- pause(key, forMs) -> pause end (Redis ms). A platform said 429/flood: nobody takes from this bucket until then.
-- A longer pause already in force is kept.
local key, for_ms = ARGV[1], tonumber(ARGV[2])
local until_ms = now_ms() + for_ms
local current = tonumber(redis.call('HGET', K.pauses, key) or '0')
if current >= until_ms then return current end
redis.call('HSET', K.pauses, key, until_ms)
return until_ms
