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

local forgotten = 0
for b = 0, buckets - 1 do
  if forgotten >= limit then break end
  local key = bucketPrefix .. b
  for _, id in ipairs(redis.call('ZRANGEBYSCORE', key, '-inf', '(' .. cutoff, 'LIMIT', 0, limit - forgotten)) do
    if not redis.call('ZSCORE', pendingKey, id) then
      redis.call('ZREM', key, id)
      forgotten = forgotten + 1
    end
  end
end

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
