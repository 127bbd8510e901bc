--[[
  Records one page of executions and returns the status changes that are news, atomically.

  KEYS[1] legacy status hash   execution id -> last recorded status (the layout before the buckets;
                               an id found here is moved into its bucket)
  KEYS[2] pending zset         ids still PENDING, scored by start ms
  KEYS[3] baseline string      start ms of the newest run of the first poll
  KEYS[4] outbox hash          transition key -> transition JSON (queued for delivery later)
  KEYS[5] legacy seen zset     the layout before the buckets (emptied the same way)
  KEYS[6] timeless zset        ids recorded with neither a readable start nor end, scored by recording order;
                               never pruned by time, capped at ARGV[3] (the oldest recorded go first)
  Not in KEYS, same hash slot (same prefix): the seen buckets, ARGV[4] .. bucket, each a zset of
  every recorded id, scored by its time (start ms, else end ms, else detection ms), for pruning.
  Recorded and not pending means ended.

  ARGV[1] '1' when the page belongs to the baseline poll (record, never alert)
  ARGV[2] detection time, ms
  ARGV[3] how many ids the timeless zset keeps
  ARGV[4] the seen buckets' key prefix
  ARGV[5..] per execution, 6 values: id, its seen bucket, status, start ms, end ms ('' when unknown),
            execution JSON ('' when the page job did not carry the record: then a transition's
            outbox entry holds a stand-in with id, status and times, and the reply says so)

  Returns { recorded, { id, status, kind, ... } }:
    recorded  how many ids were seen for the first time
    kind      'pendingEnded' or 'firstSeenTerminal'; with '+partial' appended when the record was
              not carried (the poller expected no news of it; a race with pruning can do that)

  Rules: a terminal status is sticky (a stale page never brings back PENDING nor alerts twice);
  a run first seen already ended is news unless its time (start, else end) is no later than the
  baseline. Pruning forgets runs whose time is before a cutoff and raises the baseline to it, so a
  forgotten run seen again is history. A run with no readable time cannot be placed that way; it is
  news unless the timeless zset remembers it (see below).
]]
local legacyStatusKey, pendingKey, baselineKey, outboxKey, legacySeenKey, timelessKey = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6]
local baselinePoll = ARGV[1] == '1'
local now = ARGV[2]
local timelessCap = tonumber(ARGV[3])
local bucketPrefix = ARGV[4]
local hasLegacy = redis.call('EXISTS', legacyStatusKey) == 1
local baseline = tonumber(redis.call('GET', baselineKey) or '')

local recorded = 0
local transitions = {}

local function jsonNumber(text)
  if string.match(text, '^%-?%d+%.?%d*$') then return text end
  return 'null'
end

local function emit(id, status, kind, json, startText, endText)
  local reported = kind
  if json == '' then
    json = '{"id":' .. cjson.encode(id) .. ',"projectId":"","status":' .. cjson.encode(status) ..
      ',"parameters":null,"result":null,"error":null,"execPosition":null,"version":null,"userId":null' ..
      ',"startTime":null,"endTime":null,"startMs":' .. jsonNumber(startText) .. ',"endMs":' .. jsonNumber(endText) .. '}'
    reported = kind .. '+partial'
  end
  redis.call('HSET', outboxKey, id .. '|' .. status,
    '{"kind":"' .. kind .. '","detectedAt":' .. now .. ',"execution":' .. json .. '}')
  transitions[#transitions + 1] = id
  transitions[#transitions + 1] = status
  transitions[#transitions + 1] = reported
end

-- Why a separate memory: such a run can only be filed under its detection time, pruned after
-- STATE_RETENTION, and would be news again when a deep page serves it once more. Its id is kept
-- here instead, apart from the time-based pruning; the cap bounds it (about 100 bytes an id).
-- Scores are a running sequence, so the cap drops the earliest recorded, whatever `now` was.
local nextSeq
local function rememberTimeless(id)
  if not nextSeq then
    local top = redis.call('ZREVRANGE', timelessKey, 0, 0, 'WITHSCORES')
    nextSeq = (tonumber(top[2]) or 0) + 1
  end
  redis.call('ZADD', timelessKey, nextSeq, id)
  nextSeq = nextSeq + 1
end

-- Which of the page's ids are PENDING: one ZMSCORE (in slices: unpack is bounded by Lua's stack)
-- instead of a call per id, kept up to date below as this script adds and removes them.
local pending = {}
do
  local ids = {}
  for i = 5, #ARGV, 6 do ids[#ids + 1] = ARGV[i] end
  for from = 1, #ids, 1000 do
    local slice = { unpack(ids, from, math.min(from + 999, #ids)) }
    local scores = redis.call('ZMSCORE', pendingKey, unpack(slice))
    for j, id in ipairs(slice) do
      if scores[j] then pending[id] = true end
    end
  end
end

-- 'PENDING', 'ENDED' or nil (never recorded). A run recorded in the layout before the buckets moves
-- into its bucket first, under the time it was filed with (its PENDING, if so, is in the pending zset).
local function previousOf(id, seenKey)
  if hasLegacy and redis.call('HEXISTS', legacyStatusKey, id) == 1 then
    redis.call('ZADD', seenKey, redis.call('ZSCORE', legacySeenKey, id) or now, id)
    redis.call('HDEL', legacyStatusKey, id)
    redis.call('ZREM', legacySeenKey, id)
  end
  if pending[id] then return 'PENDING' end
  if redis.call('ZSCORE', seenKey, id) then return 'ENDED' end
  return nil
end

for i = 5, #ARGV, 6 do
  local id, seenKey, status, json = ARGV[i], bucketPrefix .. ARGV[i + 1], ARGV[i + 2], ARGV[i + 5]
  local startText, endText = ARGV[i + 3], ARGV[i + 4]
  local startMs = tonumber(startText)
  -- The end stands in for an unreadable start: a run never ends before it starts, so "ended no
  -- later than the baseline" still means "history".
  local timeMs = startMs or tonumber(endText)
  local previous = previousOf(id, seenKey)
  if not previous then
    recorded = recorded + 1
    local remembered = false
    if not timeMs then
      remembered = redis.call('ZSCORE', timelessKey, id) ~= false
      rememberTimeless(id)
    end
    redis.call('ZADD', seenKey, timeMs or tonumber(now), id)
    if status == 'PENDING' then
      redis.call('ZADD', pendingKey, startMs or 0, id)
      pending[id] = true
    elseif not baselinePoll and baseline and ((timeMs and timeMs > baseline) or (not timeMs and not remembered)) then
      emit(id, status, 'firstSeenTerminal', json, startText, endText)
    end
  elseif previous == 'PENDING' and status ~= 'PENDING' then
    redis.call('ZREM', pendingKey, id)
    pending[id] = nil
    -- Filed under its detection time while it ran; now its end can place it, or the timeless memory keeps it.
    if not startMs then
      if timeMs then redis.call('ZADD', seenKey, timeMs, id) else rememberTimeless(id) end
    end
    if not baselinePoll then
      emit(id, status, 'pendingEnded', json, startText, endText)
    end
  end
end

if nextSeq then
  local excess = redis.call('ZCARD', timelessKey) - timelessCap
  if excess > 0 then redis.call('ZREMRANGEBYRANK', timelessKey, 0, excess - 1) end
end

return { recorded, transitions }
