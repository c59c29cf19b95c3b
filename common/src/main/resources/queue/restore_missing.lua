-- restore_missing(signalCap, id1, platform1, user1, account1, due1, id2, …) -> how many were absent and are back.
-- The reconciler's write: a job Postgres says must run but Redis does not know. Never duplicates.
local cap = tonumber(ARGV[1])
local now = now_ms()
local restored = 0
for i = 2, #ARGV, 5 do
  local id, platform, user, account, due = ARGV[i], ARGV[i + 1], ARGV[i + 2], ARGV[i + 3], tonumber(ARGV[i + 4])
  if redis.call('HSETNX', P .. 'meta', id, new_meta(platform, user, account, due)) == 1 then
    enqueue(id, platform, user, due, now, cap)
    restored = restored + 1
  end
end
return restored
