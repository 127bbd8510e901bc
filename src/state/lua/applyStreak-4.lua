--[[
  Applies one ended run to its workflow's failing streak: the rules of nextStreak (src/oncall/streak.ts),
  in one atomic step, so concurrent workers never lose a count nor open two streaks. Idempotent: the
  same (execution, status) applied again (a retried job, an outbox drained twice) returns the effect
  it had the first time and counts nothing.

  KEYS[1] state hash      failing (0/1), count, since (ms), latestAt (ms), opener (the execution id that opened the streak)
  KEYS[2] applied hash    "<execution id>|<status>" -> the effect it had
  KEYS[3] order zset      "<execution id>|<status>" -> when applied (ms): the oldest leave past ARGV[6]
  KEYS[4] open zset       "<account>|<project id>" -> since (ms) of each failing streak, for /metrics (shared by all workflows)

  ARGV[1] "<execution id>|<status>"
  ARGV[2] status
  ARGV[3] at: when the run ended (ms)
  ARGV[4] STREAK_MAX_AGE (ms), counted from the streak's first failure
  ARGV[5] now (ms)
  ARGV[6] how many applied runs are remembered per workflow
  ARGV[7] time to live of the keys (ms), renewed at each run
  ARGV[8] this workflow's member in KEYS[4]: "<account>|<project id>"

  Returns the effect: "opened:<id>", "continued:<count>:<since>:<id>", "recovered:<failures>:<since>:<durationMs>:<id>"
  or "none". <id> names the streak (the execution id that opened it): what a Slack thread is kept under.
  Each is prefixed "<seq>;": the order this run was applied in its workflow (above the last one's, and at
  least Redis's clock in µs, so it keeps growing after the state expired), by which a PagerDuty event
  of this workflow knows whether a newer one was sent.
]]
local stateKey, appliedKey, orderKey, openKey = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local member, status = ARGV[1], ARGV[2]
local at, maxAge, now = tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
local memory, ttl = tonumber(ARGV[6]), tonumber(ARGV[7])
local openMember = ARGV[8]

local before = redis.call('HGET', appliedKey, member)
if before then
  return before
end

local function ms(n)
  return string.format('%.0f', n)
end

local raw = redis.call('HMGET', stateKey, 'failing', 'count', 'since', 'latestAt', 'opener')
local exists = raw[1] ~= false
local failing = raw[1] == '1'
local count = tonumber(raw[2]) or 0
local since = tonumber(raw[3]) or at
local latestAt = tonumber(raw[4]) or at
-- A streak opened before the opener was kept: named by its start, still unique per workflow.
local opener = raw[5] or ('since-' .. string.format('%.0f', since))
local runId = string.match(member, '^(.*)|[^|]*$') or member
local late = exists and at < latestAt
local expired = failing and at - since > maxAge

local effect = 'none'
local function save(f, c, s, l)
  redis.call('HSET', stateKey, 'failing', f, 'count', c, 'since', ms(s), 'latestAt', ms(l))
  if f == '1' then
    redis.call('ZADD', openKey, ms(s), openMember)
  else
    redis.call('ZREM', openKey, openMember)
  end
end
local function healthy(t)
  save('0', 0, t, t)
end

if status == 'FAILED' then
  if failing and not expired then
    count = count + 1
    since = math.min(since, at)
    save('1', count, since, math.max(latestAt, at))
    if not raw[5] then
      redis.call('HSET', stateKey, 'opener', opener)
    end
    effect = 'continued:' .. count .. ':' .. ms(since) .. ':' .. opener
  elseif not (late and not failing) then
    save('1', 1, at, math.max(at, latestAt))
    redis.call('HSET', stateKey, 'opener', runId)
    effect = 'opened:' .. runId
  end
elseif status == 'COMPLETED' then
  if not exists then
    healthy(at)
  elseif late then
    -- a late success cannot close what a newer failure keeps open, nor change a healthy record
  elseif not failing then
    save('0', 0, since, at)
  elseif expired then
    healthy(at)
  else
    healthy(at)
    effect = 'recovered:' .. count .. ':' .. ms(since) .. ':' .. ms(at - since) .. ':' .. opener
  end
else
  -- not an end (PENDING, STUCK, an unknown status): nothing to apply, nothing to remember
  return effect
end

local clock = redis.call('TIME')
local seq = math.max((tonumber(redis.call('HGET', stateKey, 'seq')) or 0) + 1, tonumber(clock[1]) * 1000000 + tonumber(clock[2]))
redis.call('HSET', stateKey, 'seq', ms(seq))
effect = ms(seq) .. ';' .. effect
redis.call('HSET', appliedKey, member, effect)
redis.call('ZADD', orderKey, now, member)
local excess = redis.call('ZCARD', orderKey) - memory
if excess > 0 then
  local oldest = redis.call('ZRANGE', orderKey, 0, excess - 1)
  redis.call('HDEL', appliedKey, unpack(oldest))
  redis.call('ZREMRANGEBYRANK', orderKey, 0, excess - 1)
end
-- Streaks of workflows that stopped running stay open in the index until they are older than any key's life.
redis.call('ZREMRANGEBYSCORE', openKey, '-inf', '(' .. ms(now - ttl))
for _, key in ipairs(KEYS) do
  if redis.call('EXISTS', key) == 1 then
    redis.call('PEXPIRE', key, ttl)
  end
end
return effect
