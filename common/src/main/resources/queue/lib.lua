-- Shared by every queue script (prepended by QueueScripts). Every key a script touches has a fixed name and is
-- declared in KEYS, in the order of QueueScripts.KEY_NAMES, so a proxy that routes (or checks) by the declared keys
-- sees them all. Each one starts with the key prefix, which ends in the hash tag "{queue:v3}": all of them live in one
-- Redis Cluster slot (docs/operations/redis.md "One hash slot").
-- Job ids arrive in their Redis form (JobIds: a UUID as 22 base64url characters, any other id as "." .. id).
local K = {meta = KEYS[1], leases = KEYS[2], delayed = KEYS[3], platforms = KEYS[4], signal = KEYS[5],
  pauses = KEYS[6], recheck = KEYS[7], counters = KEYS[8], seq = KEYS[9], tat = KEYS[10], ready = KEYS[11],
  turns = KEYS[12], owners = KEYS[13]}
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

-- Ready jobs, every platform's in one sorted set (K.ready), so no key is named from data. Every score is 0, so Redis
-- orders members by their bytes; a member is "<platform> <tag> <id>" with a fixed-width tag, so ZRANGEBYLEX over
-- "[<platform> " .. "(<platform>!" reads a platform's ready jobs in tag order. No platform name contains a space
-- (check_names), so one platform's range holds no other platform's members.
-- Tags make users take turns without moving anything (start-time fair queueing): a job pushed for a user gets
-- max(the platform's virtual time, the user's last tag on it) + 1, and a claim sets the platform's virtual time to the
-- tag of the last job it handed out. A user with a backlog holds tags v+1, v+2, …; a user who arrives with one job
-- gets v+1 and is served within a turn, as in a rotation of users; a user's own jobs keep their push order. Both
-- counters live in K.turns ("v:<platform>", "u:<platform> <user>"); a user's field is never trimmed (one per user and
-- platform that ever had a ready job, like K.owners).
-- A platform is in the platform rotation (K.platforms) iff it has ready jobs.
local TAG_WIDTH = 15

local function check_names(...)
  for _, s in ipairs({...}) do
    if string.find(s, ' ', 1, true) then error('queue: a job id, platform or user contains a space: ' .. s) end
  end
end

-- Up to n of a platform's ready members from offset `from` (0 = the head), in tag order.
local function ready_page(platform, from, n)
  return redis.call('ZRANGEBYLEX', K.ready, '[' .. platform .. ' ', '(' .. platform .. '!', 'LIMIT', from, n)
end

local function ready_empty(platform)
  return ready_page(platform, 0, 1)[1] == nil
end

local function ready_id(platform, member)
  return string.sub(member, #platform + TAG_WIDTH + 3)
end

local function ready_tag(platform, member)
  return tonumber(string.sub(member, #platform + 2, #platform + TAG_WIDTH + 1))
end

-- Platforms that left the platform rotation during this run, when the script keeps its own copy of the rotation
-- (claim sets it to a table); nil otherwise.
local left_platforms = nil

-- A platform with no ready job left leaves the platform rotation (a run that keeps its own copy writes it back whole).
local function leave_platforms(platform)
  if left_platforms then left_platforms[platform] = true else redis.call('LREM', K.platforms, 1, platform) end
end

-- Makes jobs ready ({id, platform, user} each, in order): one HMGET of the virtual times and last tags involved, one
-- HSET of the new last tags, one ZADD per 500 jobs; a platform not in the platform rotation (it had no ready job)
-- joins it. The rotation is read once (LRANGE: a handful of platforms) instead of a look at each platform's jobs.
local function push_ready_many(jobs)
  if #jobs == 0 then return end
  local fields, seen = {}, {}
  local function ask(f)
    if not seen[f] then
      seen[f] = true
      fields[#fields + 1] = f
    end
    return f
  end
  local user_fields = {} -- per job, its user's field
  for k, j in ipairs(jobs) do
    ask('v:' .. j[2])
    user_fields[k] = ask('u:' .. j[2] .. ' ' .. j[3])
  end
  local known = {}
  for i = 1, #fields, 1000 do
    local last_i = math.min(#fields, i + 999)
    local vals = redis.call('HMGET', K.turns, unpack(fields, i, last_i))
    for k = i, last_i do known[fields[k]] = tonumber(vals[k - i + 1]) or 0 end
  end
  local in_rotation = {}
  for _, platform in ipairs(redis.call('LRANGE', K.platforms, 0, -1)) do in_rotation[platform] = true end
  local joining, last, members, vt = {}, {}, {}, {}
  for k, j in ipairs(jobs) do
    local id, platform = j[1], j[2]
    if vt[platform] == nil then
      vt[platform] = known['v:' .. platform]
      if not in_rotation[platform] then joining[#joining + 1] = platform end
    end
    local uf = user_fields[k]
    local tag = math.max(vt[platform], known[uf]) + 1
    known[uf] = tag
    last[uf] = tag
    members[#members + 1] = 0
    members[#members + 1] = platform .. ' ' .. string.format('%015d', tag) .. ' ' .. id
  end
  local tags = {}
  for f, tag in pairs(last) do
    tags[#tags + 1] = f
    tags[#tags + 1] = string.format('%.0f', tag)
  end
  for i = 1, #tags, 1000 do redis.call('HSET', K.turns, unpack(tags, i, math.min(#tags, i + 999))) end
  for i = 1, #members, 1000 do redis.call('ZADD', K.ready, unpack(members, i, math.min(#members, i + 999))) end
  if #joining > 0 then redis.call('RPUSH', K.platforms, unpack(joining)) end
end

local function push_ready(id, platform, user)
  push_ready_many({{id, platform, user}})
end

-- Removes a ready job (cancel, reschedule): its platform's list is scanned a page at a time, as LREM did. 1 if it
-- was there. A platform left without ready jobs leaves the rotation.
local function remove_ready(id, platform)
  local from = 0
  while true do
    local page = ready_page(platform, from, 200)
    for _, member in ipairs(page) do
      if ready_id(platform, member) == id then
        redis.call('ZREM', K.ready, member)
        if ready_empty(platform) then leave_platforms(platform) end
        return 1
      end
    end
    if #page < 200 then return 0 end
    from = from + #page
  end
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
