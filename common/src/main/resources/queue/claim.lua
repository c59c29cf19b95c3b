-- claim(platform or '', workerId, leaseMs, maxScan, count, nLimits, [platform, appRate, appBurst, acctRate, acctBurst]…,
--       [ackId1, ackToken1, ackId2, ackToken2, …])
-- -> {retryMs, nowMs, nAcks, acked1, …, ackedN, id1, meta1, id2, meta2, …}: first acknowledges the finished jobs given
--    after the limits (as ack_many: 1 acked, 0 stale token), so a worker that frees slots and wants more work makes
--    one call; then up to `count` jobs, each with its meta (platform|user|account|attempt|due|token) as one string:
--    fewer reply elements to parse.
--    retryMs (meaningful when fewer than `count` came): -1 nothing more is ready; otherwise when a throttled
--    bucket frees up.
-- Platforms take turns, and within a platform users take turns. A new post whose app or account bucket is empty
-- is skipped (it stays queued); its wait is reported so the worker knows when to ask again. A platform without an
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
local taken = {}
local held_metas, held_leases = {}, {} -- HSET and ZADD arguments of the jobs claimed in this run
local min_wait = -1
local function saw_wait(w)
  if min_wait < 0 or w < min_wait then min_wait = w end
end

-- Each platform's user rotation as far as this run has read it: turns[platform] is its first members, in order, and
-- .complete says they are all of it. The copy spares re-reading the head for each job (one ZRANGEBYLEX per page
-- instead of one per job). A page is about as many turns as the run can give the platform.
-- A user whose turn is used goes to the back under a new member, written at the end of the run with every other
-- move (one ZREM and one ZADD per run instead of one each per job): moved_from[platform][new member] = the member
-- in Redis it replaces (a user moved twice replaces the same one). A platform's moves are written before its rotation
-- is read again.
local turns = {}
local page_size = 2
local moved_from = {}

local function write_moves(platform)
  local moves = moved_from[platform]
  if not moves then return end
  local rem, add = {}, {}
  for member, from in pairs(moves) do
    rem[#rem + 1] = from
    add[#add + 1] = 0
    add[#add + 1] = member
  end
  for i = 1, #rem, 1000 do redis.call('ZREM', K.rr, unpack(rem, i, math.min(#rem, i + 999))) end
  for i = 1, #add, 1000 do redis.call('ZADD', K.rr, unpack(add, i, math.min(#add, i + 999))) end
  moved_from[platform] = nil
end

local function turn_page(platform)
  local t = turns[platform]
  if t and (t[2] or t.complete) then return t end
  write_moves(platform)
  t = list_range(K.rr, platform, 0, page_size)
  t.complete = #t < page_size
  turns[platform] = t
  return t
end

-- The head user's turn is used and they have jobs left: to the back of the rotation, under a new member.
local function rotate_head(platform, user, member)
  local moves = moved_from[platform] or {}
  moved_from[platform] = moves
  local from = moves[member]
  if from == nil then from = member end -- member is in Redis: it goes at the end of the run
  moves[member] = nil
  local moved = platform .. ' ' .. next_pos() .. ' ' .. user
  moves[moved] = from
  local t = turns[platform]
  table.remove(t, 1)
  if t.complete then t[#t + 1] = moved end
end

-- The head user leaves the rotation (no ready job left); true when the rotation is empty now (`alone`: they were the
-- only one). The platform leaves the platform rotation then.
local function drop_head(platform, member, alone)
  local moves = moved_from[platform]
  local from = moves and moves[member]
  if from == nil then
    redis.call('ZREM', K.rr, member)
  else
    moves[member] = nil -- never written: what it replaced goes now
    redis.call('ZREM', K.rr, from)
  end
  table.remove(turns[platform], 1)
  if alone == nil then alone = turn_page(platform)[1] == nil end
  if alone then leave_platforms(platform) end
end

-- The head job of the user at the head of a platform's rotation, with its meta; drops (defensively) ready
-- entries that lost their meta, and users whose list is empty. nil when the rotation is empty.
-- Returns user, their list, the job id, its member in K.ready, the user's member in K.rr, the job's meta,
-- whether the user has another ready job behind it, and whether the user is alone in the rotation.
local function head_job(platform)
  while true do
    local turn = turn_page(platform)
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
    drop_head(platform, rr_member, nil)
  end
end

-- A recheck (nack with the recheck flag: a publication polled for its processing status) spends no bucket: the
-- buckets pace new posts, and a recheck is paced by its own schedule. Pauses (the platform said 429) hold it too.
-- The flag stays until the job is nacked or acked, so a recheck taken over after a lost lease is still one.
local RECHECKS = redis.call('EXISTS', K.recheck) == 1 -- none is the usual case: no look per job then
local function is_recheck(id)
  return RECHECKS and redis.call('SISMEMBER', K.recheck, id) == 1
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
    if aw > 0 and not alone then rotate_head(platform, user, rr_member) end
    if aw == 0 then
      if not recheck then
        bucket_take(app_key, lim[1], lim[2], now)
        bucket_take('acct:' .. platform .. ':' .. m[3], lim[3], lim[4], now)
      end
      redis.call('ZREM', K.ready, member)
      taken[platform] = (taken[platform] or 0) + 1
      if not more then
        drop_head(platform, rr_member, alone)
      elseif not alone then
        rotate_head(platform, user, rr_member)
      end
      local attempt = tonumber(m[4]) + 1
      handed = handed + 1
      local token = attempt .. ':' .. seq .. '.' .. handed .. ':' .. worker
      m[4] = tostring(attempt)
      m[6] = token
      local meta = join_meta(m)
      -- written together at the end: nothing in this run reads a claimed job's meta or lease again
      held_metas[#held_metas + 1] = id
      held_metas[#held_metas + 1] = meta
      held_leases[#held_leases + 1] = now + lease_ms
      held_leases[#held_leases + 1] = id
      return {id, meta}
    end
    saw_wait(aw)
    tried = tried + 1
    if not users then
      write_moves(platform)
      users = math.min(list_len(K.rr, platform), max_scan)
    end
    if tried >= users then return nil end
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
  page_size = math.min(count, max_scan) + 1
  while got < count do
    local job = claim_in(want)
    if not job then break end
    add(job)
    got = got + 1
  end
else
  -- The platform rotation, read once and written back once: the same turns as one LMOVE per turn.
  local plats = redis.call('LRANGE', K.platforms, 0, -1)
  left_platforms = {}
  page_size = math.min(math.ceil(count / math.max(1, #plats)), max_scan) + 1
  local misses, turned = 0, 0
  -- platforms take turns: one job from each in rotation, until `count` or every platform came up empty in a row
  while got < count do
    local n = #plats
    if n == 0 or misses >= math.min(n, max_scan) then break end
    local platform = table.remove(plats, 1)
    plats[n] = platform
    turned = turned + 1
    local job = claim_in(platform)
    if left_platforms[platform] then plats[n] = nil end -- its rotation emptied (already gone from K.platforms)
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
for platform in pairs(turns) do write_moves(platform) end
for i = 1, #held_metas, 1000 do
  redis.call('HSET', K.meta, unpack(held_metas, i, math.min(#held_metas, i + 999)))
  redis.call('ZADD', K.leases, unpack(held_leases, i, math.min(#held_leases, i + 999)))
end
for platform, n in pairs(taken) do redis.call('HINCRBY', K.readyn, platform, -n) end
if got < count then out[1] = min_wait end
return out
