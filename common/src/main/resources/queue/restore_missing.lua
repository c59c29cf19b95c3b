-- restore_missing(signalCap, id1, platform1, user1, account1, due1, recheck1, id2, …) -> how many were absent and are back.
-- recheck '1': the job polls work in flight; it keeps the recheck flag it had (its claims spend no bucket, claim.lua).
-- The reconciler's write: a job Postgres says must run but Redis does not know. Never duplicates. A job due later
-- waits with the compact meta (lib.lua), as from schedule. The reconciler sends every pending publication, page by page,
-- every period, and nearly all are known: one HMGET tells which are absent, and only those cost anything more.
local cap = tonumber(ARGV[1])
local now = now_ms()
local restored = 0
local ids = {}
for i = 2, #ARGV, 6 do
  check_names(ARGV[i], ARGV[i + 1], ARGV[i + 2]) -- before any write
  ids[#ids + 1] = ARGV[i]
end
local known = {}
for i = 1, #ids, 1000 do
  local last = math.min(#ids, i + 999)
  local metas = redis.call('HMGET', K.meta, unpack(ids, i, last))
  for k = i, last do known[k] = metas[k - i + 1] ~= false and metas[k - i + 1] ~= nil end
end
local later = {}
for k = 1, #ids do
  local i = 2 + (k - 1) * 6
  if not known[k] and tonumber(ARGV[i + 4]) > now then later[#later + 1] = {ARGV[i + 1], ARGV[i + 2], ARGV[i + 3]} end
end
intern_owners(later)
for k = 1, #ids do
  local i = 2 + (k - 1) * 6
  local id, platform, user, account, due = ARGV[i], ARGV[i + 1], ARGV[i + 2], ARGV[i + 3], tonumber(ARGV[i + 4])
  if not known[k] and redis.call('HSETNX', K.meta, id, queued_meta(platform, user, account, 0, due, now)) == 1 then
    if ARGV[i + 5] == '1' then redis.call('SADD', K.recheck, id) end
    enqueue(id, platform, user, due, now, cap)
    restored = restored + 1
  end
end
return restored
