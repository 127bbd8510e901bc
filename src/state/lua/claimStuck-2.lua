--[[
  Claims one run's STUCK alert and puts it in the outbox, in one step: a process that dies right after
  the claim leaves the alert in the outbox for the next drain, and no second claim can happen.

  KEYS[1] reported string   the run got its STUCK alert (value: claim time, ms)
  KEYS[2] outbox hash       transition key -> transition JSON (see detectTransitions-6.lua)

  ARGV[1] now (ms)
  ARGV[2] time to live of the claim (s)
  ARGV[3] outbox field: "<execution id>|STUCK"
  ARGV[4] the STUCK transition (JSON)

  Returns 1 when claimed (and written to the outbox), 0 when someone claimed it before.
]]
if not redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2], 'NX') then return 0 end
redis.call('HSET', KEYS[2], ARGV[3], ARGV[4])
return 1
