-- Compare-and-set of a balance hash on its seq, atomic because Redis runs a script as one command.
-- KEYS[1] = the hash; ARGV = field, value, field, value, ... with ARGV[1] == 'seq' and ARGV[2] the new seq.
-- Writes every field only if the stored seq is absent or lower; returns 1 if it wrote, 0 if not.
local stored = redis.call('HGET', KEYS[1], 'seq')
if stored and tonumber(stored) >= tonumber(ARGV[2]) then
  return 0
end
redis.call('HSET', KEYS[1], unpack(ARGV))
return 1
