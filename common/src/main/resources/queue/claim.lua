-- claim(platform or '', workerId, leaseMs, maxScan, count, nLimits, [platform, appRate, appBurst, acctRate, acctBurst]…,
--       [ackId1, ackToken1, ackId2, ackToken2, …])
-- -> {retryMs, nowMs, nAcks, acked1, …, ackedN, id1, meta1, id2, meta2, …}: first acknowledges the finished jobs given
--    after the limits (as ack_many: 1 acked, 0 stale token), so a worker that frees slots and wants more work makes
--    one call; then up to `count` jobs, each with its meta (platform|user|account|attempt|due|token) as one string:
--    fewer reply elements to parse.
--    retryMs (meaningful when fewer than `count` came): -1 nothing more is ready; otherwise when a throttled
--    bucket frees up.
-- Platforms take turns, one job each per turn; within a platform jobs go in tag order, which makes users take turns
-- (lib.lua "Ready jobs"). A new post whose app or account bucket is empty is passed over (it stays queued, first in
-- line for the next claim); its wait is reported so the worker knows when to ask again. A platform without an
-- app-wide limit has no app bucket (rate 0), so users with their own accounts never wait for each other.
local want, worker, lease_ms, max_scan, count = ARGV[1], ARGV[2], tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
local limits = {}
local acks_from = 7 + tonumber(ARGV[6]) * 5
for i = 7, acks_from - 1, 5 do
  limits[ARGV[i]] = {tonumber(ARGV[i + 1]), tonumber(ARGV[i + 2]), tonumber(ARGV[i + 3]), tonumber(ARGV[i + 4])}
end
local acked = ack_leases(acks_from, #ARGV)
local now = now_ms()
local seq = redis.call('INCR', K.seq)
local handed = 0
local min_wait = -1
local function saw_wait(w)
  if min_wait < 0 or w < min_wait then min_wait = w end
end
-- written together at the end: nothing in this run reads a claimed job's meta, lease or ready member again
local held_metas, held_leases, gone_members, lost_metas = {}, {}, {}, {}
local vtime = {}     -- platform -> tag of the last job handed out on it (its new virtual time)

-- A recheck (nack with the recheck flag: a publication polled for its processing status) spends no bucket: the
-- buckets pace new posts, and a recheck is paced by its own schedule. Pauses (the platform said 429) hold it too.
-- The flag stays until the job is nacked or acked, so a recheck taken over after a lost lease is still one.
local RECHECKS = redis.call('EXISTS', K.recheck) == 1 -- none is the usual case: no look per job then
local function is_recheck(id)
  return RECHECKS and redis.call('SISMEMBER', K.recheck, id) == 1
end

-- Each platform's ready jobs as far as this run has read them, in tag order, a page at a time with their metas (one
-- ZRANGEBYLEX and one HMGET per page). Nothing leaves K.ready before the end of the run, so offsets stay valid;
-- a job passed over (its bucket empty) is not offered again in this run. A page is about as many jobs as the run can
-- give the platform, and doubles when more are read.
local heads = {}
local first_page = 2

local function head(platform)
  local h = heads[platform]
  if not h then
    h = {members = {}, ids = {}, metas = {}, i = 1, offset = 0, size = first_page, done = false, passed = 0}
    heads[platform] = h
  end
  return h
end

local function drop(member)
  gone_members[#gone_members + 1] = member
end

-- The next job of the platform not yet offered in this run: its ready member, id and full meta; nil when none is left.
local function next_job(platform)
  local h = head(platform)
  while true do
    if h.i > #h.members then
      if h.done then return nil end
      local page = ready_page(platform, h.offset, h.size)
      h.offset = h.offset + #page
      h.done = #page < h.size
      h.size = math.min(h.size * 2, 1000)
      if #page == 0 then return nil end
      local ids = {}
      for k, member in ipairs(page) do ids[k] = ready_id(platform, member) end
      h.members, h.ids, h.metas, h.i = page, ids, redis.call('HMGET', K.meta, unpack(ids)), 1
    end
    local k = h.i
    h.i = k + 1
    local raw = h.metas[k]
    if raw and not is_compact(raw) then return h.members[k], h.ids[k], raw end
    -- a ready job always has its full meta; without one it is dropped, and a compact one (never written for a ready
    -- job) goes too, so that the reconciler puts the job back from Postgres
    if raw then lost_metas[#lost_metas + 1] = h.ids[k] end
    drop(h.members[k])
  end
end

-- Nothing of the platform is left ready after this run: every member it had was taken or dropped.
local function emptied(platform)
  local h = heads[platform]
  return h ~= nil and h.done and h.i > #h.members and h.passed == 0
end

-- Up to max_scan of the platform's jobs are looked at for one that may go now; returns {id, meta} or nil.
local function claim_in(platform)
  local lim = limits[platform] or {0, 1, 0, 1} -- rate 0: no such bucket
  local app_key = 'app:' .. platform
  local w = bucket_wait(app_key, lim[1], lim[2], now)
  if w > 0 then saw_wait(w); return nil end
  for _ = 1, max_scan do
    local member, id, raw = next_job(platform)
    if not member then return nil end
    local p, user, account, attempt, due = string.match(raw, '^([^|]*)|([^|]*)|([^|]*)|([^|]*)|([^|]*)|')
    local acct_key = 'acct:' .. platform .. ':' .. account
    local recheck = is_recheck(id)
    local aw
    if recheck then aw = pause_wait(acct_key, now) else aw = bucket_wait(acct_key, lim[3], lim[4], now) end
    if aw == 0 then
      if not recheck then
        bucket_take(app_key, lim[1], lim[2], now)
        bucket_take(acct_key, lim[3], lim[4], now)
      end
      drop(member)
      vtime[platform] = ready_tag(platform, member)
      attempt = tonumber(attempt) + 1
      handed = handed + 1
      local token = attempt .. ':' .. seq .. '.' .. handed .. ':' .. worker
      local meta = p .. '|' .. user .. '|' .. account .. '|' .. attempt .. '|' .. due .. '|' .. token
      held_metas[#held_metas + 1] = id
      held_metas[#held_metas + 1] = meta
      held_leases[#held_leases + 1] = now + lease_ms
      held_leases[#held_leases + 1] = id
      return {id, meta}
    end
    heads[platform].passed = heads[platform].passed + 1
    saw_wait(aw)
  end
  return nil
end

local out = {-1, now, #acked}
for _, a in ipairs(acked) do out[#out + 1] = a end
local function add(job)
  for _, v in ipairs(job) do out[#out + 1] = v end
end
local got = 0
if want ~= '' then
  first_page = math.min(count, max_scan) + 1
  while got < count do
    local job = claim_in(want)
    if not job then break end
    add(job)
    got = got + 1
  end
  if emptied(want) then leave_platforms(want) end
else
  -- The platform rotation, read once and written back once: the same turns as one LMOVE per turn.
  local plats = redis.call('LRANGE', K.platforms, 0, -1)
  left_platforms = {}
  first_page = math.min(math.ceil(count / math.max(1, #plats)), max_scan) + 1
  local misses, turned = 0, 0
  -- platforms take turns: one job from each in rotation, until `count` or every platform came up empty in a row
  while got < count do
    local n = #plats
    if n == 0 or misses >= math.min(n, max_scan) then break end
    local platform = table.remove(plats, 1)
    plats[n] = platform
    turned = turned + 1
    local job = claim_in(platform)
    if emptied(platform) then
      leave_platforms(platform)
      plats[n] = nil
    end
    if job then
      add(job)
      got = got + 1
      misses = 0
    else
      misses = misses + 1
    end
  end
  if turned > 0 and turned <= 2 and next(left_platforms) == nil then
    -- a claim of one or two jobs (a worker filling one freed slot): the moves themselves are cheaper than a rewrite
    for _ = 1, turned do redis.call('LMOVE', K.platforms, K.platforms, 'LEFT', 'RIGHT') end
  elseif turned > 0 then
    redis.call('DEL', K.platforms)
    if #plats > 0 then redis.call('RPUSH', K.platforms, unpack(plats)) end
  end
  -- nothing is ready any more: the wake tokens left are stale (one was pushed per job this run took or another took)
  -- and would only wake workers for an empty claim each
  if #plats == 0 then redis.call('DEL', K.signal) end
end
for i = 1, #gone_members, 1000 do redis.call('ZREM', K.ready, unpack(gone_members, i, math.min(#gone_members, i + 999))) end
for i = 1, #held_metas, 1000 do
  redis.call('HSET', K.meta, unpack(held_metas, i, math.min(#held_metas, i + 999)))
  redis.call('ZADD', K.leases, unpack(held_leases, i, math.min(#held_leases, i + 999)))
end
local vt = {}
for platform, tag in pairs(vtime) do
  vt[#vt + 1] = 'v:' .. platform
  vt[#vt + 1] = string.format('%.0f', tag)
end
if #vt > 0 then redis.call('HSET', K.turns, unpack(vt)) end
if #lost_metas > 0 then redis.call('HDEL', K.meta, unpack(lost_metas)) end
if got < count then out[1] = min_wait end
return out
