--[[
  Forgets ended executions that started before a cutoff, so the state does not grow forever.

  KEYS[1] status hash      execution id -> last recorded status
  KEYS[2] seen zset        every recorded id, scored by start ms (end, else detection ms, when unknown)
  KEYS[3] baseline string  start ms; raised to the cutoff, so a forgotten run seen again is history, not news
  KEYS[4] offset string    rank in the seen zset where this sweep goes on (see below); gone between sweeps

  ARGV[1] cutoff, ms
  ARGV[2] at most this many ids examined per call

  Returns how many ids were forgotten. PENDING executions are never forgotten.

  Why a sweep with an offset: running executions stay, and they are among the oldest ids. Reading the
  oldest ARGV[2] ids every call would stall behind that many old running ones and never reach the
  ended ones after them. So each call goes on at the rank where the last one stopped: the ids before
  it are the running ones this sweep kept (forgotten ones leave the zset). A sweep that reaches the
  cutoff ends, and the next call starts over from the oldest, so runs that ended meanwhile are met
  again. By rank, each call costs O(log N + ARGV[2]) whatever the number of old running runs.
]]
local statusKey, seenKey, baselineKey, offsetKey = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local cutoff = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])

local baseline = tonumber(redis.call('GET', baselineKey) or '')
if not baseline then
  return 0
end
if baseline < cutoff then
  redis.call('SET', baselineKey, tostring(cutoff))
end

local offset = tonumber(redis.call('GET', offsetKey) or '') or 0
local entries = redis.call('ZRANGE', seenKey, offset, offset + limit - 1, 'WITHSCORES')
local forgotten, kept, examined = 0, 0, 0
local reachedCutoff = false
for i = 1, #entries, 2 do
  local id, score = entries[i], tonumber(entries[i + 1])
  if score >= cutoff then
    reachedCutoff = true
    break
  end
  examined = examined + 1
  if redis.call('HGET', statusKey, id) == 'PENDING' then
    kept = kept + 1
  else
    redis.call('HDEL', statusKey, id)
    redis.call('ZREM', seenKey, id)
    forgotten = forgotten + 1
  end
end

if reachedCutoff or examined < limit then
  redis.call('DEL', offsetKey)
else
  redis.call('SET', offsetKey, tostring(offset + kept))
end
return forgotten
