-- claim(platform or '', workerId, leaseMs, maxScan, count, nLimits, [platform, appRate, appBurst, acctRate, acctBurst]…)
-- -> {retryMs, nowMs, id1, meta1, id2, meta2, …}: up to `count` jobs, each with its meta
--    (platform|user|account|attempt|due|token) as one string: fewer reply elements to parse.
--    retryMs (meaningful when fewer than `count` came): -1 nothing more is ready; otherwise when a throttled
--    bucket frees up.
-- Platforms take turns, and within a platform users take turns. A new post whose app or account bucket is empty
-- is skipped (it stays queued); its wait is reported so the worker knows when to ask again. A platform without an
-- app-wide limit has no app bucket (rate 0), so users with their own accounts never wait for each other.
local want, worker, lease_ms, max_scan, count = ARGV[1], ARGV[2], tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
local limits = {}
for i = 7, 6 + tonumber(ARGV[6]) * 5, 5 do
  limits[ARGV[i]] = {tonumber(ARGV[i + 1]), tonumber(ARGV[i + 2]), tonumber(ARGV[i + 3]), tonumber(ARGV[i + 4])}
end
local now = now_ms()
local seq = redis.call('INCR', K.seq)
local handed = 0
local taken = {}
local min_wait = -1
local function saw_wait(w)
  if min_wait < 0 or w < min_wait then min_wait = w end
end

-- The head job of the user at the head of a platform's rotation, with its meta; drops (defensively) ready
-- entries that lost their meta, and users whose list is empty. nil when the rotation is empty.
-- Returns user, their list, the job id, its member in K.ready, the user's member in K.rr, the job's meta,
-- whether the user has another ready job behind it, and whether the user is alone in the rotation.
local function head_job(platform)
  while true do
    local turn = list_range(K.rr, platform, 0, 2)
    local rr_member = turn[1]
    if not rr_member then return nil end
    local user = item_of(platform, rr_member)
    local ul = user_list(platform, user)
    local page = list_range(K.ready, ul, 0, 2)
    while page[1] do
      local id = item_of(ul, page[1])
      local raw = redis.call('HGET', K.meta, id)
      if raw then return user, ul, id, page[1], rr_member, split(raw), page[2] ~= nil, turn[2] == nil end
      redis.call('ZREM', K.ready, page[1])
      redis.call('HINCRBY', K.readyn, platform, -1)
      page = list_range(K.ready, ul, 0, 2)
    end
    redis.call('ZREM', K.rr, rr_member)
    if list_empty(K.rr, platform) then redis.call('LREM', K.platforms, 1, platform) end
  end
end

-- A recheck (nack with the recheck flag: a publication polled for its processing status) spends no bucket: the
-- buckets pace new posts, and a recheck is paced by its own schedule. Pauses (the platform said 429) hold it too.
-- The flag stays until the job is nacked or acked, so a recheck taken over after a lost lease is still one.
local function is_recheck(id)
  return redis.call('SISMEMBER', K.recheck, id) == 1
end

-- Tries users of one platform in rotation order; returns the claimed reply or nil.
local function claim_in(platform)
  local lim = limits[platform] or {0, 1, 0, 1} -- rate 0: no such bucket
  local app_key = 'app:' .. platform
  local w = bucket_wait(app_key, lim[1], lim[2], now)
  if w > 0 then saw_wait(w); return nil end
  -- at most min(users in rotation, max_scan) users are tried; counted only once the first one could not be served
  local tried, users = 0, nil
  while max_scan > 0 do
    local user, ul, id, member, rr_member, m, more, alone = head_job(platform)
    if not user then return nil end
    local recheck = is_recheck(id)
    local aw
    if recheck then aw = pause_wait('acct:' .. platform .. ':' .. m[3], now)
    else aw = bucket_wait('acct:' .. platform .. ':' .. m[3], lim[3], lim[4], now) end
    if aw > 0 then
      -- a recheck queued behind a throttled new post of the same user is not held up by it
      for _, rmember in ipairs(list_range(K.ready, ul, 1, max_scan)) do
        local rid = item_of(ul, rmember)
        if is_recheck(rid) then
          local rraw = redis.call('HGET', K.meta, rid)
          if rraw then
            local rm = split(rraw)
            if pause_wait('acct:' .. platform .. ':' .. rm[3], now) == 0 then
              id, member, m, recheck, aw, more = rid, rmember, rm, true, 0, true -- the head stays
              break
            end
          end
        end
      end
    end
    -- this user's turn is used either way: they go to the back of the rotation (or leave it, with no job left);
    -- alone in it, they are the back already
    if aw > 0 and not alone then list_rotate(K.rr, platform, user, rr_member) end
    if aw == 0 then
      if not recheck then
        bucket_take(app_key, lim[1], lim[2], now)
        bucket_take('acct:' .. platform .. ':' .. m[3], lim[3], lim[4], now)
      end
      redis.call('ZREM', K.ready, member)
      taken[platform] = (taken[platform] or 0) + 1
      if not more then drop_user(platform, user, rr_member, alone)
      elseif not alone then list_rotate(K.rr, platform, user, rr_member) end
      local attempt = tonumber(m[4]) + 1
      handed = handed + 1
      local token = attempt .. ':' .. seq .. '.' .. handed .. ':' .. worker
      m[4] = tostring(attempt)
      m[6] = token
      local meta = join_meta(m)
      redis.call('HSET', K.meta, id, meta)
      redis.call('ZADD', K.leases, now + lease_ms, id)
      return {id, meta}
    end
    saw_wait(aw)
    tried = tried + 1
    users = users or math.min(list_len(K.rr, platform), max_scan)
    if tried >= users then return nil end
  end
  return nil
end

local out = {-1, now}
local function add(job)
  for _, v in ipairs(job) do out[#out + 1] = v end
end
local got = 0
if want ~= '' then
  while got < count do
    local job = claim_in(want)
    if not job then break end
    add(job)
    got = got + 1
  end
else
  local plats = K.platforms
  local misses = 0
  -- platforms take turns: one job from each in rotation, until `count` or every platform came up empty in a row
  while got < count do
    local n = redis.call('LLEN', plats)
    if n == 0 or misses >= math.min(n, max_scan) then break end
    local platform = redis.call('LMOVE', plats, plats, 'LEFT', 'RIGHT')
    local job = claim_in(platform)
    if job then
      add(job)
      got = got + 1
      misses = 0
    else
      misses = misses + 1
    end
  end
  if got == 0 and redis.call('LLEN', plats) == 0 then redis.call('DEL', K.signal) end -- stale wake tokens go
end
for platform, n in pairs(taken) do redis.call('HINCRBY', K.readyn, platform, -n) end
if got < count then out[1] = min_wait end
return out
