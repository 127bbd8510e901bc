--[[
  Forgets ended executions that started before a cutoff, so the state does not grow forever.

  KEYS[1] status hash      execution id -> last recorded status
  KEYS[2] seen zset        every recorded id, scored by start ms (end, else detection ms, when unknown)
  KEYS[3] baseline string  start ms; raised to the cutoff, so a forgotten run seen again is history, not news

  ARGV[1] cutoff, ms
  ARGV[2] at most this many ids per call

  Returns how many ids were forgotten. PENDING executions are never forgotten.
]]
local statusKey, seenKey, baselineKey = KEYS[1], KEYS[2], KEYS[3]
local cutoff = tonumber(ARGV[1])

local baseline = tonumber(redis.call('GET', baselineKey) or '')
if not baseline then
  return 0
end
if baseline < cutoff then
  redis.call('SET', baselineKey, tostring(cutoff))
end

local forgotten = 0
local ids = redis.call('ZRANGEBYSCORE', seenKey, '-inf', '(' .. cutoff, 'LIMIT', 0, tonumber(ARGV[2]))
for _, id in ipairs(ids) do
  if redis.call('HGET', statusKey, id) ~= 'PENDING' then
    redis.call('HDEL', statusKey, id)
    redis.call('ZREM', seenKey, id)
    forgotten = forgotten + 1
  end
end
return forgotten
