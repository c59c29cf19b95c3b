-- rate_acquire(key, rate, burst) -> {granted 1|0, waitMs, nowMs}: one token from a GCRA bucket, or how long to wait.
local key, rate, burst = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])
local now = now_ms()
local w = bucket_wait(key, rate, burst, now)
if w > 0 then return {0, w, now} end
bucket_take(key, rate, burst, now)
return {1, 0, now}
