--[[
  Marks a digest period sent: its entries leave and the cursor moves to the period's end, together,
  but only for the process that still holds the digest lock and only from the period it read.
  A process that lost the lock during a slow send changes nothing (another one owns the digest now).

  KEYS[1] lock string      the process sending a digest right now
  KEYS[2] entries zset     transition key -> detection ms
  KEYS[3] data hash        transition key -> transition JSON
  KEYS[4] cursor string    end ms of the last period handled

  ARGV[1] owner
  ARGV[2] the period's start (the cursor this process read)
  ARGV[3] the period's end (the new cursor)
  ARGV[4..] transition keys of the entries sent

  Returns 1 when committed, 0 when the lock or the cursor is no longer this process's.
]]
local lockKey, entriesKey, dataKey, cursorKey = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
if redis.call('GET', lockKey) ~= ARGV[1] then
  return 0
end
if redis.call('GET', cursorKey) ~= ARGV[2] then
  return 0
end
for i = 4, #ARGV do
  redis.call('ZREM', entriesKey, ARGV[i])
  redis.call('HDEL', dataKey, ARGV[i])
end
redis.call('SET', cursorKey, ARGV[3])
return 1
