--[[
  Forgets ended executions that started before a cutoff, so the state does not grow forever.

  KEYS[1] legacy status hash   the layout before the seen buckets: id -> last recorded status
  KEYS[2] legacy seen zset     the layout before the seen buckets: id scored by start ms
  KEYS[3] baseline string      start ms; raised to the cutoff, so a forgotten run seen again is history, not news
  KEYS[4] pending zset         ids still PENDING: never forgotten
  Not in KEYS, same hash slot (same prefix): the seen buckets ARGV[3] .. 0 to ARGV[4] - 1, each a
  zset of recorded ids scored by start ms (end, else detection ms, when unknown).

  ARGV[1] cutoff, ms
  ARGV[2] at most this many ids per call
  ARGV[3] the seen buckets' key prefix
  ARGV[4] how many seen buckets there are
  ARGV[5] the key (same prefix) of the bucket the next call starts from: calls take turns over the
          buckets, and each reads at most 4 x ARGV[2] ids, so running runs (never forgotten) cost bounded
          work and never keep older ended ones from being forgotten (a bucket holding more than that many
          old running runs would, which takes millions of them)

  Returns how many ids were forgotten.
]]
local legacyStatusKey, legacySeenKey, baselineKey, pendingKey = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local cutoff = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
local bucketPrefix, buckets = ARGV[3], tonumber(ARGV[4])

local baseline = tonumber(redis.call('GET', baselineKey) or '')
if not baseline then
  return 0
end
if baseline < cutoff then
  redis.call('SET', baselineKey, tostring(cutoff))
end

local offsetKey = ARGV[5]
local budget = 4 * limit
local forgotten, examined = 0, 0
local b = (tonumber(redis.call('GET', offsetKey) or '0') or 0) % buckets
for _ = 1, buckets do
  if forgotten >= limit or examined >= budget then break end
  local key = bucketPrefix .. b
  for _, id in ipairs(redis.call('ZRANGEBYSCORE', key, '-inf', '(' .. cutoff, 'LIMIT', 0, math.min(limit - forgotten, budget - examined))) do
    examined = examined + 1
    if not redis.call('ZSCORE', pendingKey, id) then
      redis.call('ZREM', key, id)
      forgotten = forgotten + 1
    end
  end
  b = (b + 1) % buckets
end
redis.call('SET', offsetKey, tostring(b))

if forgotten < limit and redis.call('EXISTS', legacyStatusKey) == 1 then
  for _, id in ipairs(redis.call('ZRANGEBYSCORE', legacySeenKey, '-inf', '(' .. cutoff, 'LIMIT', 0, limit - forgotten)) do
    if redis.call('HGET', legacyStatusKey, id) ~= 'PENDING' then
      redis.call('HDEL', legacyStatusKey, id)
      redis.call('ZREM', legacySeenKey, id)
      forgotten = forgotten + 1
    end
  end
end
return forgotten
