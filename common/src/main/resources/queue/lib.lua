-- Shared by every queue script (prepended by QueueScripts). Every key a script touches has a fixed name and is
-- declared in KEYS, in the order of QueueScripts.KEY_NAMES, so a proxy that routes (or checks) by the declared keys
-- sees them all. Each one starts with the key prefix, which ends in the hash tag "{queue:v3}": all of them live in one
-- Redis Cluster slot (docs/operations/redis.md "One hash slot").
-- Job ids arrive in their Redis form (JobIds: a UUID as 22 base64url characters, any other id as "." .. id).
local K = {meta = KEYS[1], leases = KEYS[2], delayed = KEYS[3], platforms = KEYS[4], readyn = KEYS[5],
  signal = KEYS[6], pauses = KEYS[7], recheck = KEYS[8], counters = KEYS[9], seq = KEYS[10], tat = KEYS[11],
  ready = KEYS[12], rr = KEYS[13], owners = KEYS[14]}
-- The prefix ("clipcast:{queue:v3}:") of the schedulers' wake-up channel (a channel, not a key).
local P = string.sub(K.meta, 1, -5)

local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end

-- Pauses (a platform's 429/flood) live in one hash; most scripts run while none is in force, so they look once.
local PAUSED = redis.call('EXISTS', K.pauses) == 1

-- meta value: platform|user|account|attempt|due|token — token is empty unless a worker holds the job.
-- A job waiting in `delayed` may instead have the compact meta "#<owner>|<attempt>": its (platform, user, account)
-- is interned in K.owners (field "k:platform|user|account" -> owner code, field "o:<code>" -> "platform|user|account"),
-- and its due time is its score in K.delayed. promote_due expands it into the full meta before the job is ready, so
-- every job that is ready or leased has the full meta; scripts that may meet a delayed job read it with read_meta.
-- The owners table is never trimmed: it holds one entry per distinct triple ever scheduled (about one per connection).
local function split(s)
  local out = {}
  for part in (s .. '|'):gmatch('(.-)|') do out[#out + 1] = part end
  return out
end

local function is_compact(raw)
  return string.byte(raw, 1) == 35 -- '#'
end

-- Owner codes this run knows: "k:platform|user|account" -> code.
local owner_codes = {}

-- Makes sure every triple of `triples` ({platform, user, account} each) has an owner code: one HMGET for those this
-- run has not seen, and for new ones one HINCRBY and one HSET, however many jobs the run writes.
local function intern_owners(triples)
  local asked, seen = {}, {}
  for _, t in ipairs(triples) do
    local key = 'k:' .. t[1] .. '|' .. t[2] .. '|' .. t[3]
    if not owner_codes[key] and not seen[key] then
      seen[key] = true
      asked[#asked + 1] = key
    end
  end
  if #asked == 0 then return end
  local missing = {}
  for i = 1, #asked, 1000 do
    local codes = redis.call('HMGET', K.owners, unpack(asked, i, math.min(#asked, i + 999)))
    for j, code in ipairs(codes) do
      local key = asked[i + j - 1]
      if code then owner_codes[key] = code else missing[#missing + 1] = key end
    end
  end
  if #missing == 0 then return end
  local last = redis.call('HINCRBY', K.counters, 'owner_seq', #missing)
  local fields = {}
  for i, key in ipairs(missing) do
    local code = tostring(last - #missing + i)
    owner_codes[key] = code
    fields[#fields + 1] = key
    fields[#fields + 1] = code
    fields[#fields + 1] = 'o:' .. code
    fields[#fields + 1] = string.sub(key, 3)
  end
  for i = 1, #fields, 1000 do redis.call('HSET', K.owners, unpack(fields, i, math.min(#fields, i + 999))) end
end

-- The meta a job gets when it is (re)queued with `attempt` hand-outs behind it: compact when it will wait in
-- `delayed` (due > now), full when it goes straight to ready. A compact meta's owner must be interned first.
local function queued_meta(platform, user, account, attempt, due, now)
  if due > now then
    return '#' .. owner_codes['k:' .. platform .. '|' .. user .. '|' .. account] .. '|' .. attempt
  end
  return platform .. '|' .. user .. '|' .. account .. '|' .. attempt .. '|' .. due .. '|'
end

-- The full meta of compact meta `raw` whose owner reads `owner` ("platform|user|account") and whose due time is `due`.
local function expand(raw, owner, due)
  return owner .. '|' .. string.sub(raw, string.find(raw, '|', 1, true) + 1) .. '|' .. due .. '|'
end

local function owner_of(raw)
  return string.sub(raw, 2, string.find(raw, '|', 1, true) - 1)
end

-- The meta of a job in either form, split (platform, user, account, attempt, due, token); nil when the job is absent
-- or its owner code is unknown (a compact meta whose owner entry was lost: the job is as good as absent, and the
-- reconciler puts it back from Postgres once its meta is gone).
local function read_meta(id)
  local raw = redis.call('HGET', K.meta, id)
  if not raw or not is_compact(raw) then return raw and split(raw) end
  local owner = redis.call('HGET', K.owners, 'o:' .. owner_of(raw))
  if not owner then return nil end
  return split(expand(raw, owner, redis.call('ZSCORE', K.delayed, id) or ''))
end

local function join_meta(m)
  return m[1] .. '|' .. m[2] .. '|' .. m[3] .. '|' .. m[4] .. '|' .. m[5] .. '|' .. (m[6] or '')
end

-- The meta of a job whose lease token is `token`, or nil (stale token, or job gone). A held job's meta is full: a
-- compact one has no token field, so it never matches.
local function held_meta(id, token)
  local raw = redis.call('HGET', K.meta, id)
  if not raw then return nil end
  local m = split(raw)
  if m[6] ~= token or token == '' then return nil end
  return m
end

-- Acknowledges ARGV[from], ARGV[from + 1], … (id, token pairs) up to ARGV[to]: finished jobs leave the queue. Returns
-- {1|0 per job}; 0 = stale token (the lease expired and the job went to someone else, or it was already acknowledged),
-- which changes nothing. The removals go in one command per key.
local function ack_leases(from, to)
  local out, ids, asked = {}, {}, {}
  for i = from, to, 2 do asked[#asked + 1] = ARGV[i] end
  local metas = #asked > 0 and redis.call('HMGET', K.meta, unpack(asked)) or {} -- one read for them all
  for i = from, to, 2 do
    local id, token = ARGV[i], ARGV[i + 1]
    local raw = metas[(i - from) / 2 + 1]
    -- the token is the meta's last field
    if raw and token ~= '' and string.sub(raw, -#token - 1) == '|' .. token then
      ids[#ids + 1] = id
      out[#out + 1] = 1
    else
      out[#out + 1] = 0
    end
  end
  for i = 1, #ids, 500 do
    local last = math.min(#ids, i + 499)
    redis.call('ZREM', K.leases, unpack(ids, i, last))
    redis.call('HDEL', K.meta, unpack(ids, i, last))
    if redis.call('EXISTS', K.recheck) == 1 then redis.call('SREM', K.recheck, unpack(ids, i, last)) end
  end
  return out
end

-- Many FIFO lists in one sorted set (K.ready: each user's ready jobs on a platform, list "<platform> <user>";
-- K.rr: each platform's users taking turns, list "<platform>"), so no key is named from data. Every score is 0, so
-- Redis orders members by their bytes, and a member is "<list> <position> <item>": the position (next_pos) grows
-- with every push, so a list reads in push order; ZRANGEBYLEX over "[<list> " .. "(<list>!" is the list.
-- No list name or item contains a space (check_names), so one list's range holds no other list's members.
-- Head, push, pop and length are O(log n); removing an item from the middle scans its list, as LREM did.
local POS_WIDTH = 20

local function check_names(...)
  for _, s in ipairs({...}) do
    if string.find(s, ' ', 1, true) then error('queue: a job id, platform or user contains a space: ' .. s) end
  end
end

local function list_lo(list) return '[' .. list .. ' ' end
local function list_hi(list) return '(' .. list .. '!' end

-- The item of a member of `list`.
local function item_of(list, member)
  return string.sub(member, #list + POS_WIDTH + 3)
end

-- A position: the run's number (one counter step per script run that pushes) and the push's number within the run,
-- both fixed-width, so positions compare as strings in push order.
local pos_run, pos_next = nil, 0
local function next_pos()
  if not pos_run or pos_next >= 9999999 then
    pos_run, pos_next = redis.call('HINCRBY', K.counters, 'ready_pos', 1), 0
  end
  pos_next = pos_next + 1
  return string.format('%013d%07d', pos_run, pos_next)
end

-- Appends `item`; true when the list was empty before.
local function list_push(set, list, item)
  local was_empty = redis.call('ZRANGEBYLEX', set, list_lo(list), list_hi(list), 'LIMIT', 0, 1)[1] == nil
  redis.call('ZADD', set, 0, list .. ' ' .. next_pos() .. ' ' .. item)
  return was_empty
end

-- Up to n members from offset `from` (0 = the head).
local function list_range(set, list, from, n)
  return redis.call('ZRANGEBYLEX', set, list_lo(list), list_hi(list), 'LIMIT', from, n)
end

local function list_empty(set, list)
  return list_range(set, list, 0, 1)[1] == nil
end

local function list_len(set, list)
  return redis.call('ZLEXCOUNT', set, list_lo(list), list_hi(list))
end

-- Moves the head (its member given) to the back; returns its new member.
local function list_rotate(set, list, item, member)
  redis.call('ZREM', set, member)
  local moved = list .. ' ' .. next_pos() .. ' ' .. item
  redis.call('ZADD', set, 0, moved)
  return moved
end

-- Removes `item` (its first occurrence from the head), scanning the list a page at a time. 1 if it was there.
local function list_remove(set, list, item)
  local from = 0
  while true do
    local page = list_range(set, list, from, 100)
    for _, member in ipairs(page) do
      if item_of(list, member) == item then
        redis.call('ZREM', set, member)
        return 1
      end
    end
    if #page < 100 then return 0 end
    from = from + #page
  end
end

local function user_list(platform, user)
  return platform .. ' ' .. user
end

-- A user is in a platform's rotation iff their ready list is non-empty; a platform is in the platform
-- rotation iff its user rotation is non-empty.
local function push_ready_uncounted(id, platform, user)
  if list_push(K.ready, user_list(platform, user), id) then
    if list_push(K.rr, platform, user) then
      redis.call('RPUSH', K.platforms, platform)
    end
  end
end

-- push_ready_uncounted for many jobs ({id, platform, user} each, in order) at once: each list's emptiness is read once,
-- and the new members go in with one ZADD per 500 members, as promote_due moves up to a batch of jobs per run.
local function push_ready_many(jobs)
  local has, has_rr = {}, {} -- user list / platform -> it has entries now (read once, then known)
  local ready, rr = {}, {}
  local function add(out, list, item)
    out[#out + 1] = 0
    out[#out + 1] = list .. ' ' .. next_pos() .. ' ' .. item
  end
  for _, j in ipairs(jobs) do
    local id, platform, user = j[1], j[2], j[3]
    local ul = user_list(platform, user)
    if has[ul] == nil then has[ul] = not list_empty(K.ready, ul) end
    if not has[ul] then
      if has_rr[platform] == nil then has_rr[platform] = not list_empty(K.rr, platform) end
      if not has_rr[platform] then redis.call('RPUSH', K.platforms, platform) end
      add(rr, platform, user)
      has_rr[platform], has[ul] = true, true
    end
    add(ready, ul, id)
  end
  for _, pair in ipairs({{K.ready, ready}, {K.rr, rr}}) do
    local set, args = pair[1], pair[2]
    for i = 1, #args, 1000 do
      redis.call('ZADD', set, unpack(args, i, math.min(#args, i + 999)))
    end
  end
end

local function push_ready(id, platform, user)
  push_ready_uncounted(id, platform, user)
  redis.call('HINCRBY', K.readyn, platform, 1)
end

-- Platforms that left the platform rotation during this run, when the script keeps its own copy of the rotation
-- (claim sets it to a table); nil otherwise.
local left_platforms = nil

-- A platform whose user rotation is empty leaves the platform rotation.
local function leave_platforms(platform)
  redis.call('LREM', K.platforms, 1, platform)
  if left_platforms then left_platforms[platform] = true end
end

-- A user with no ready job left leaves the platform's rotation, and a platform whose rotation is then empty leaves
-- the platform rotation. From claim, the user's member and whether they were alone in the rotation are known.
local function drop_user(platform, user, rr_member, was_alone)
  if rr_member then redis.call('ZREM', K.rr, rr_member) else list_remove(K.rr, platform, user) end
  if was_alone == nil then was_alone = list_empty(K.rr, platform) end
  if was_alone then leave_platforms(platform) end
end

-- Removes a job from its user's ready list, keeping both rotations consistent. Returns 1 if it was there.
local function remove_ready(id, platform, user)
  local ul = user_list(platform, user)
  if list_remove(K.ready, ul, id) == 0 then return 0 end
  redis.call('HINCRBY', K.readyn, platform, -1)
  if list_empty(K.ready, ul) then drop_user(platform, user) end
  return 1
end

-- Wakes blocked workers: one token per job made ready, capped (a woken worker that finds nothing blocks again).
local function signal(n, cap)
  if n <= 0 then return end
  local tokens = {}
  for i = 1, math.min(n, cap) do tokens[i] = '1' end
  redis.call('RPUSH', K.signal, unpack(tokens))
  redis.call('LTRIM', K.signal, -cap, -1)
end

-- The earliest due time in the delayed set as this run knows it (false: none), read once per run.
local delayed_first = nil

-- Puts a job in the delayed set, or straight into ready when due; wakes the schedulers when it is now the
-- earliest delayed job, so a sleeping scheduler never oversleeps it.
local function enqueue(id, platform, user, due, now, cap)
  if due <= now then
    push_ready(id, platform, user)
    signal(1, cap)
    return
  end
  if delayed_first == nil then
    local first = redis.call('ZRANGE', K.delayed, 0, 0, 'WITHSCORES')
    delayed_first = first[2] ~= nil and tonumber(first[2])
  end
  redis.call('ZADD', K.delayed, due, id)
  if not delayed_first or due < delayed_first then
    delayed_first = due
    redis.call('PUBLISH', P .. 'wake', due)
  end
end

-- How long a platform's 429/flood pause on `key` still holds (0: none). Applies to every claim, rechecks too.
local function pause_wait(key, now)
  if not PAUSED then return 0 end
  local paused = tonumber(redis.call('HGET', K.pauses, key) or '0')
  if paused > now then return paused - now end
  if paused > 0 then redis.call('HDEL', K.pauses, key) end -- over: forget it
  return 0
end

-- GCRA: emission interval T = 1000/rate ms, tolerance tau = T*(burst-1). Returns 0 when a token is
-- available now, else how many ms until one is. rate 0: no bucket (the platform documents no such limit).
local function rate_wait(key, rate, burst, now)
  if rate <= 0 then return 0 end
  local T = 1000.0 / rate
  local tat = tonumber(redis.call('HGET', K.tat, key) or '0')
  if tat < now then tat = now end
  local wait = tat - T * (burst - 1) - now
  if wait > 0 then return math.ceil(wait) end
  return 0
end

-- A token now (0), or how many ms until one: a pause in force is waited out first.
local function bucket_wait(key, rate, burst, now)
  local w = pause_wait(key, now)
  if w > 0 then return w end
  return rate_wait(key, rate, burst, now)
end

local function bucket_take(key, rate, burst, now)
  if rate <= 0 then return end
  local T = 1000.0 / rate
  local tat = tonumber(redis.call('HGET', K.tat, key) or '0')
  if tat < now then tat = now end
  local new_tat = tat + T
  -- one hash for every bucket, so the key is declared; a TAT in the past reads as "now", so an old field means a full bucket
  redis.call('HSET', K.tat, key, tostring(new_tat))
end
