-- schedule(signalCap, id1, platform1, user1, account1, due1, id2, …) -> {1 queued | 0 already known, per job}
-- (idempotent). Schedules that callers make at the same moment travel together (JobQueue): one call, one clock read.
-- A job due later waits with the compact meta (lib.lua), its owner interned once for the batch.
local cap = tonumber(ARGV[1])
for i = 2, #ARGV, 5 do check_names(ARGV[i], ARGV[i + 1], ARGV[i + 2]) end -- before any write
local now = now_ms()
local later = {}
for i = 2, #ARGV, 5 do
  if tonumber(ARGV[i + 4]) > now then later[#later + 1] = {ARGV[i + 1], ARGV[i + 2], ARGV[i + 3]} end
end
intern_owners(later)
local out = {}
for i = 2, #ARGV, 5 do
  local id, platform, user, account, due = ARGV[i], ARGV[i + 1], ARGV[i + 2], ARGV[i + 3], tonumber(ARGV[i + 4])
  if redis.call('HSETNX', K.meta, id, queued_meta(platform, user, account, 0, due, now)) == 1 then
    enqueue(id, platform, user, due, now, cap)
    out[#out + 1] = 1
  else
    out[#out + 1] = 0
  end
end
return out
