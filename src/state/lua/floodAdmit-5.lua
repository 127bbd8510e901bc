--[[
  One alert for a flood-controlled channel: may it go now, alone? It may when nothing of this channel
  is waiting and the channel's token bucket (takeToken in src/oncall/flood-gate.ts, the same rules) has
  a token; that token is taken. Otherwise, when parking is asked for, it joins the channel's waiting
  set (idempotent by delivery key: a retried job parks once) for the next grouped message.

  KEYS[1] bucket hash     tokens, updatedAt (ms)
  KEYS[2] waiting zset    delivery key -> order (failures first, then oldest)
  KEYS[3] data hash       delivery key -> transition JSON
  KEYS[4] since string    when the oldest of what waits was parked (ms)
  KEYS[5] gen string      the current drain generation: the drain job that will take what waits is drain-<gen>

  ARGV[1] now (ms)
  ARGV[2] rate: tokens per second
  ARGV[3] burst: most tokens the bucket holds
  ARGV[4] gather (ms): how long what waits may gather before a grouped message goes, fewer than a full group
  ARGV[5] park: "1" to park when no token, "0" to only say how long to wait (channels that send one by one)
  ARGV[6] delivery key
  ARGV[7] order score
  ARGV[8] transition JSON
  ARGV[9] time to live of the waiting keys (ms), renewed at each park

  Returns { 1, 0, 0 } when the alert may go now; { 0, gen, waitMs } when it was parked (or, park "0", must wait).
]]
local bucketKey, waitingKey, dataKey, sinceKey, genKey = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
local now, rate, burst, gather = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
local park, member, score, json, ttl = ARGV[5], ARGV[6], tonumber(ARGV[7]), ARGV[8], tonumber(ARGV[9])

-- takeToken: a clock behind the bucket adds nothing; a long quiet spell refills to the burst, no more.
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
  -- Idle for longer than a refill takes, the bucket is full again: forgetting it changes nothing.
  redis.call('PEXPIRE', bucketKey, math.ceil(burst / rate * 1000) + 60000)
  if allowed then return 0 end
  return math.ceil((1 - tokens) / rate * 1000)
end

if park == '0' then
  local wait = takeToken()
  if wait == 0 then return { 1, 0, 0 } end
  return { 0, 0, wait }
end

-- Something already waits: this one joins it rather than overtaking it.
if redis.call('ZCARD', waitingKey) == 0 then
  if takeToken() == 0 then return { 1, 0, 0 } end
end

redis.call('ZADD', waitingKey, 'NX', score, member)
redis.call('HSETNX', dataKey, member, json)
redis.call('SET', sinceKey, tostring(now), 'NX')
local gen = redis.call('GET', genKey)
if not gen then
  -- Starts from the clock, not 1: were the key ever lost, a new drain job id never meets a finished one.
  gen = tostring(now)
  redis.call('SET', genKey, gen)
end
for _, key in ipairs({ waitingKey, dataKey, sinceKey }) do redis.call('PEXPIRE', key, ttl) end

local since = tonumber(redis.call('GET', sinceKey)) or now
local gathered = math.max(0, since + gather - now)
return { 0, gen, gathered }
