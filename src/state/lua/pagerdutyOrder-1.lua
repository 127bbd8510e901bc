--[[
  Decides whether one PagerDuty event of a dedup_key may be sent now, so that a trigger and a resolve
  of that key reach PagerDuty in the order their runs were applied to the streak, whatever worker,
  process or retry sends them.

  KEYS[1] order hash   "trigger", "resolve" -> the highest seq of that action whose send began;
                       "f:<seq>" -> "<action>|<lease end ms>" for each send in flight (dropped when done,
                       or when its lease ends: its sender died)

  ARGV[1] the event's seq (see applyStreak-4.lua)
  ARGV[2] its action: trigger or resolve
  ARGV[3] now (ms)
  ARGV[4] lease (ms): how long a send may be in flight
  ARGV[5] time to live of the hash (ms)

  Returns "stale" (a newer event of the other action was sent: this one would undo it; a trigger older
  than another trigger still goes, it only adds to the open incident), "wait" (an older event
  of the other action is in flight: it must land first) or "go" (begun: the caller sends, then deletes
  its "f:<seq>").
]]
local key = KEYS[1]
local seq, action, now, lease, ttl = tonumber(ARGV[1]), ARGV[2], tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])

local function ms(n)
  return string.format('%.0f', n)
end

local other = action == 'trigger' and 'resolve' or 'trigger'
local newest = tonumber(redis.call('HGET', key, other))
if newest and seq < newest then return 'stale' end

local all = redis.call('HGETALL', key)
for i = 1, #all, 2 do
  local inFlight = tonumber(string.match(all[i], '^f:(%d+)$'))
  if inFlight then
    local itsAction, till = string.match(all[i + 1], '^(.*)|(%d+)$')
    if tonumber(till) <= now then
      redis.call('HDEL', key, all[i])
    elseif inFlight < seq and itsAction ~= action then
      return 'wait'
    end
  end
end

local mine = tonumber(redis.call('HGET', key, action))
redis.call('HSET', key, action, ms(math.max(mine or 0, seq)), 'f:' .. ms(seq), action .. '|' .. ms(now + lease))
redis.call('PEXPIRE', key, ttl)
return 'go'
