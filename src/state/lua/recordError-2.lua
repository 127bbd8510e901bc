--[[
  Records one failed run under its error's fingerprint and counts the same error over the window, in one
  atomic step, so workers recording the same fingerprint at once never lose a run. Idempotent: the same
  execution recorded again (a retried job, an outbox drained twice) keeps its first time and counts once.

  KEYS[1] runs zset       execution id -> when detected (ms); the oldest leave past the window or the cap
  KEYS[2] workflows zset  project id -> the latest detection of this error there (ms)

  ARGV[1] execution id
  ARGV[2] project id
  ARGV[3] at: when the run was detected (ms)
  ARGV[4] now (ms)
  ARGV[5] window (ms): entries older than now - window are trimmed
  ARGV[6] cap: most runs kept per fingerprint (the oldest leave first)
  ARGV[7] time to live of both keys (ms), renewed at each write: an idle fingerprint disappears

  Returns { runs, since (ms, the oldest run kept), workflows }, this run included.
]]
local runsKey, workflowsKey = KEYS[1], KEYS[2]
local executionId, projectId = ARGV[1], ARGV[2]
local at, now, window = tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
local cap, ttl = tonumber(ARGV[6]), tonumber(ARGV[7])
local oldest = now - window

-- A run detected before the window (an old outbox entry drained late) still counts as seen now.
if at < oldest then
  at = oldest
end

local function ms(n)
  return string.format('%.0f', n)
end

-- The window is [now - window, ...]: an entry exactly one window old is still in it.
redis.call('ZREMRANGEBYSCORE', runsKey, '-inf', '(' .. ms(oldest))
redis.call('ZREMRANGEBYSCORE', workflowsKey, '-inf', '(' .. ms(oldest))

if redis.call('ZADD', runsKey, 'NX', ms(at), executionId) == 1 then
  redis.call('ZADD', workflowsKey, 'GT', ms(at), projectId)
end

local excess = redis.call('ZCARD', runsKey) - cap
if excess > 0 then
  redis.call('ZREMRANGEBYRANK', runsKey, 0, excess - 1)
end
excess = redis.call('ZCARD', workflowsKey) - cap
if excess > 0 then
  redis.call('ZREMRANGEBYRANK', workflowsKey, 0, excess - 1)
end

redis.call('PEXPIRE', runsKey, ttl)
redis.call('PEXPIRE', workflowsKey, ttl)

local first = redis.call('ZRANGE', runsKey, 0, 0, 'WITHSCORES')
return { redis.call('ZCARD', runsKey), tonumber(first[2]), redis.call('ZCARD', workflowsKey) }
