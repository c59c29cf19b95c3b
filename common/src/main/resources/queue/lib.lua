-- Shared by every queue script (prepended by QueueScripts). Every key with a fixed name is declared in KEYS, in the
-- order of QueueScripts.KEY_NAMES, so a proxy that routes (or checks) by the declared keys sees them all. Each one
-- starts with the key prefix, which ends in the hash tag "{queue}": all of them, and the derived keys below, live in
-- one Redis Cluster slot (docs/redis.md "One hash slot").
local K = {meta = KEYS[1], leases = KEYS[2], delayed = KEYS[3], platforms = KEYS[4], readyn = KEYS[5],
  signal = KEYS[6], pauses = KEYS[7], recheck = KEYS[8], counters = KEYS[9], seq = KEYS[10], tat = KEYS[11]}
-- The prefix ("clipcast:{queue}:") for the keys named after data, which no caller can list in advance: a user's
-- ready list (u:<platform>:<user>) and a platform's user rotation (rr:<platform>). Same hash tag, same slot.
local P = string.sub(K.meta, 1, -5)

local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end

-- Pauses (a platform's 429/flood) live in one hash; most scripts run while none is in force, so they look once.
local PAUSED = redis.call('EXISTS', K.pauses) == 1

-- meta value: platform|user|account|attempt|due|token — token is empty unless a worker holds the job
local function split(s)
  local out = {}
  for part in (s .. '|'):gmatch('(.-)|') do out[#out + 1] = part end
  return out
end

local function join_meta(m)
  return m[1] .. '|' .. m[2] .. '|' .. m[3] .. '|' .. m[4] .. '|' .. m[5] .. '|' .. (m[6] or '')
end

local function new_meta(platform, user, account, due)
  return platform .. '|' .. user .. '|' .. account .. '|0|' .. due .. '|'
end

-- The meta of a job whose lease token is `token`, or nil (stale token, or job gone).
local function held_meta(id, token)
  local raw = redis.call('HGET', K.meta, id)
  if not raw then return nil end
  local m = split(raw)
  if m[6] ~= token or token == '' then return nil end
  return m
end

-- A user is in a platform's rotation iff their ready list is non-empty; a platform is in the platform
-- rotation iff its user rotation is non-empty. RPUSH returning 1 means "was empty".
local function push_ready_uncounted(id, platform, user)
  if redis.call('RPUSH', P .. 'u:' .. platform .. ':' .. user, id) == 1 then
    if redis.call('RPUSH', P .. 'rr:' .. platform, user) == 1 then
      redis.call('RPUSH', K.platforms, platform)
    end
  end
end

local function push_ready(id, platform, user)
  push_ready_uncounted(id, platform, user)
  redis.call('HINCRBY', K.readyn, platform, 1)
end

-- Removes a job from its user's ready list, keeping both rotations consistent. Returns 1 if it was there.
local function remove_ready(id, platform, user)
  local ul = P .. 'u:' .. platform .. ':' .. user
  if redis.call('LREM', ul, 1, id) == 0 then return 0 end
  redis.call('HINCRBY', K.readyn, platform, -1)
  if redis.call('LLEN', ul) == 0 then
    local rr = P .. 'rr:' .. platform
    redis.call('LREM', rr, 1, user)
    if redis.call('LLEN', rr) == 0 then redis.call('LREM', K.platforms, 1, platform) end
  end
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

-- Puts a job in the delayed set, or straight into ready when due; wakes the schedulers when it is now the
-- earliest delayed job, so a sleeping scheduler never oversleeps it.
local function enqueue(id, platform, user, due, now, cap)
  if due <= now then
    push_ready(id, platform, user)
    signal(1, cap)
    return
  end
  local first = redis.call('ZRANGE', K.delayed, 0, 0, 'WITHSCORES')
  redis.call('ZADD', K.delayed, due, id)
  if first[2] == nil or due < tonumber(first[2]) then
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
