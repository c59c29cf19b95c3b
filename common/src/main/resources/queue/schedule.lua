-- schedule(id, platform, user, account, dueMs, signalCap) -> 1 queued, 0 already known (idempotent)
local id, platform, user, account, due, cap = ARGV[1], ARGV[2], ARGV[3], ARGV[4], tonumber(ARGV[5]), tonumber(ARGV[6])
check_names(id, platform, user)
if redis.call('HSETNX', K.meta, id, new_meta(platform, user, account, due)) == 0 then
  return 0
end
enqueue(id, platform, user, due, now_ms(), cap)
return 1
