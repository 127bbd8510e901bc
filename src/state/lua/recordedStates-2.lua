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
-- One ZMSCORE for the page's PENDING ones (in slices: unpack is bounded by Lua's stack), then one
-- ZSCORE per remaining id: half the calls of asking both per id.
local pending = {}
local ids = {}
for i = 2, #ARGV, 2 do ids[#ids + 1] = ARGV[i] end
for from = 1, #ids, 1000 do
  local slice = { unpack(ids, from, math.min(from + 999, #ids)) }
  local scores = redis.call('ZMSCORE', pendingKey, unpack(slice))
  for j, id in ipairs(slice) do
    if scores[j] then pending[id] = true end
  end
end
local out = {}
for i = 2, #ARGV, 2 do
  local id = ARGV[i]
  local state = 0
  if pending[id] then
    state = 1
  elseif redis.call('ZSCORE', ARGV[1] .. ARGV[i + 1], id) then
    state = 2
  elseif hasLegacy and redis.call('HEXISTS', legacyStatusKey, id) == 1 then
    state = 2
  end
  out[#out + 1] = state
end
return out
