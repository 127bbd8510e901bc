--[[
  What the state holds of some executions, read in one round trip (nothing is written).

  KEYS[1] pending zset         ids still PENDING
  KEYS[2] legacy status hash   the layout before the seen buckets: id -> last recorded status
  Not in KEYS, same hash slot (same prefix): the seen buckets (ARGV[1] .. bucket).

  ARGV[1] the seen buckets' key prefix
  ARGV[2..] per execution, 2 values: id, its seen bucket

  Returns one number per execution: 0 never recorded, 1 PENDING, 2 ended.
]]
local pendingKey, legacyStatusKey = KEYS[1], KEYS[2]
local hasLegacy = redis.call('EXISTS', legacyStatusKey) == 1
local out = {}
for i = 2, #ARGV, 2 do
  local id = ARGV[i]
  local state = 0
  if redis.call('ZSCORE', ARGV[1] .. ARGV[i + 1], id) then
    state = 2
  elseif hasLegacy then
    local legacy = redis.call('HGET', legacyStatusKey, id)
    if legacy then state = 2 end
  end
  if state == 2 and redis.call('ZSCORE', pendingKey, id) then state = 1 end
  out[#out + 1] = state
end
return out
