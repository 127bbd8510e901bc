--[[
  A drain job of one channel claims what it sends as one grouped message. A job run again (after a crash,
  a rate limit or an error) finds the batch it claimed before and sends that again: at least once per
  batch, never an execution lost. Otherwise, once a token is free and either a full group waits or the
  oldest waiting has gathered long enough, up to `max` waiting entries (failures first) move into the
  job's batch and the generation moves on, so the next drain job has a new id.

  KEYS[1] bucket hash     tokens, updatedAt (ms), as in floodAdmit-5.lua
  KEYS[2] waiting zset    delivery key -> order
  KEYS[3] data hash       delivery key -> transition JSON
  KEYS[4] since string    when the oldest waiting was parked (ms)
  KEYS[5] gen string      the drain generation
  KEYS[6] batch hash      this drain job's batch: delivery key -> transition JSON

  ARGV[1] now (ms)
  ARGV[2] rate: tokens per second
  ARGV[3] burst
  ARGV[4] gather (ms)
  ARGV[5] max: most entries in one batch
  ARGV[6] time to live of the batch (ms)

  Every job that finishes (a batch claimed, or nothing to claim) moves the generation on: the id of a
  finished drain job is never the one a new waiting alert schedules.

  Returns { 0 } when nothing waits; { -1, waitMs } when the drain must wait;
  { 1, remaining, gen, key1, json1, key2, json2, ... } for the batch to send.
]]
local bucketKey, waitingKey, dataKey, sinceKey, genKey, batchKey = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6]
local now, rate, burst, gather = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
local max, ttl = tonumber(ARGV[5]), tonumber(ARGV[6])

local function takeToken()
  local state = redis.call('HMGET', bucketKey, 'tokens', 'updatedAt')
  local tokens = tonumber(state[1]) or burst
  local updatedAt = tonumber(state[2]) or now
  local elapsed = math.max(0, now - updatedAt)
  tokens = math.min(burst, tokens + (elapsed / 1000) * rate)
  updatedAt = math.max(now, updatedAt)
  local allowed = tokens >= 1
  if allowed then tokens = tokens - 1 end
  redis.call('HSET', bucketKey, 'tokens', tostring(tokens), 'updatedAt', tostring(updatedAt))
  redis.call('PEXPIRE', bucketKey, math.ceil(burst / rate * 1000) + 60000)
  if allowed then return 0 end
  return math.ceil((1 - tokens) / rate * 1000)
end

local function reply(remaining)
  local out = { 1, remaining, redis.call('GET', genKey) or '' }
  local flat = redis.call('HGETALL', batchKey)
  for i = 1, #flat do out[#out + 1] = flat[i] end
  return out
end

if redis.call('EXISTS', batchKey) == 1 then
  local wait = takeToken()
  if wait > 0 then return { -1, wait } end
  return reply(redis.call('ZCARD', waitingKey))
end

local waiting = redis.call('ZCARD', waitingKey)
if waiting == 0 then
  -- This job is done: the next alert to wait must get a drain job of a new id, not this finished one.
  if redis.call('EXISTS', genKey) == 1 then redis.call('INCR', genKey) end
  return { 0 }
end
local since = tonumber(redis.call('GET', sinceKey)) or now
if waiting < max and now < since + gather then return { -1, since + gather - now } end
local wait = takeToken()
if wait > 0 then return { -1, wait } end

local members = redis.call('ZRANGE', waitingKey, 0, max - 1)
for _, member in ipairs(members) do
  local json = redis.call('HGET', dataKey, member)
  if json then redis.call('HSET', batchKey, member, json) end
  redis.call('HDEL', dataKey, member)
  redis.call('ZREM', waitingKey, member)
end
redis.call('PEXPIRE', batchKey, ttl)
local remaining = redis.call('ZCARD', waitingKey)
-- What is left has waited already: it goes with the next token, without gathering again.
if remaining == 0 then redis.call('DEL', sinceKey) end
redis.call('INCR', genKey)
return reply(remaining)
