--[[
  Claims the right to post a streak's root in one channel, so that two deliveries (other workers, other
  processes) never post two roots for one streak. Whoever gets "claimed" posts, then stores the ts
  (ThreadStore.setRoot); the others find the ts, or a live claim and wait for the ts.

  KEYS[1] thread hash     ts, claimBy, claimAt, rootBy, rootJob, reply:<member>, recovered, lastEdit

  ARGV[1] the delivery: "<execution id>|<status>"
  ARGV[2] now (ms)
  ARGV[3] lease (ms): an older claim is taken to belong to a delivery that died before posting
  ARGV[4] the ts found gone (the root was deleted), or "": that ts counts as no root
  ARGV[5] the claimer's transition (JSON): what the root is rebuilt from when edited
  ARGV[6] time to live of the hash (ms)

  Returns "ts:<ts>" (a root exists: reply there), "held" (another delivery is posting it) or "claimed".
]]
local key = KEYS[1]
local member, now, lease, gone = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]), ARGV[4]

local ts = redis.call('HGET', key, 'ts')
if ts and ts ~= gone then
  return 'ts:' .. ts
end
if not ts then
  local by = redis.call('HGET', key, 'claimBy')
  local at = tonumber(redis.call('HGET', key, 'claimAt') or '0')
  if by and by ~= member and now - at < lease then
    return 'held'
  end
end
redis.call('HDEL', key, 'ts', 'rootBy', 'lastEdit')
redis.call('HSET', key, 'claimBy', member, 'claimAt', ARGV[2], 'rootJob', ARGV[5])
redis.call('PEXPIRE', key, ARGV[6])
return 'claimed'
