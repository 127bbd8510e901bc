--[[
  Records one page of executions and returns the status changes that are news, atomically.

  KEYS[1] status hash      execution id -> last recorded status
  KEYS[2] pending zset     ids still PENDING, scored by start ms
  KEYS[3] baseline string  start ms of the newest run of the first poll
  KEYS[4] outbox hash      transition key -> transition JSON (queued for delivery later)
  KEYS[5] seen zset        every recorded id, scored by start ms (detection ms when unknown), for pruning

  ARGV[1] '1' when the page belongs to the baseline poll (record, never alert)
  ARGV[2] detection time, ms
  ARGV[3..] per execution, 4 values: id, status, start ms ('' when unknown), execution JSON

  Returns { recorded, { id, status, kind, ... } }:
    recorded  how many ids were seen for the first time
    kind      'pendingEnded' or 'firstSeenTerminal'

  Rules: a terminal status is sticky (a stale page never brings back PENDING nor alerts twice);
  a run first seen already ended is news unless it started no later than the baseline.
]]
local statusKey, pendingKey, baselineKey, outboxKey, seenKey = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
local baselinePoll = ARGV[1] == '1'
local now = ARGV[2]
local baseline = tonumber(redis.call('GET', baselineKey) or '')

local recorded = 0
local transitions = {}

local function emit(id, status, kind, json)
  redis.call('HSET', outboxKey, id .. '|' .. status,
    '{"kind":"' .. kind .. '","detectedAt":' .. now .. ',"execution":' .. json .. '}')
  transitions[#transitions + 1] = id
  transitions[#transitions + 1] = status
  transitions[#transitions + 1] = kind
end

for i = 3, #ARGV, 4 do
  local id, status, startMs, json = ARGV[i], ARGV[i + 1], ARGV[i + 2], ARGV[i + 3]
  local previous = redis.call('HGET', statusKey, id)
  if not previous then
    recorded = recorded + 1
    redis.call('HSET', statusKey, id, status)
    redis.call('ZADD', seenKey, tonumber(startMs) or tonumber(now), id)
    if status == 'PENDING' then
      redis.call('ZADD', pendingKey, tonumber(startMs) or 0, id)
    elseif not baselinePoll and baseline and (startMs == '' or tonumber(startMs) > baseline) then
      emit(id, status, 'firstSeenTerminal', json)
    end
  elseif previous == 'PENDING' and status ~= 'PENDING' then
    redis.call('HSET', statusKey, id, status)
    redis.call('ZREM', pendingKey, id)
    if not baselinePoll then
      emit(id, status, 'pendingEnded', json)
    end
  end
end

return { recorded, transitions }
