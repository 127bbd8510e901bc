--[[
  Renews or releases the digest lock, only for the process holding it.

  KEYS[1] lock string   the process sending a digest right now

  ARGV[1] owner
  ARGV[2] new time to live in ms, or 0 to release

  Returns 1 when the lock was this process's, 0 otherwise (it expired, or another process holds it).
]]
if redis.call('GET', KEYS[1]) ~= ARGV[1] then
  return 0
end
local ttl = tonumber(ARGV[2])
if ttl > 0 then
  redis.call('PEXPIRE', KEYS[1], ttl)
else
  redis.call('DEL', KEYS[1])
end
return 1
