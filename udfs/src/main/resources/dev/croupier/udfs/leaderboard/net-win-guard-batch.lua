-- Guarded ZADD of net_win scores, many in one call (LeaderboardRedisWrites): a score is written only
-- over a lower version of the same (board, member), so a replay after a restore, which re-sends the
-- versions it had sent before, never moves a board back. Atomic because Redis runs a script as one
-- command.
-- Update i (1-based): KEYS[2i-1] = the board (sorted set), KEYS[2i] = its versions hash
-- (<prefix>lb-versions:..., member -> version); ARGV[3i-2] = the version, ARGV[3i-1] = the score
-- (as ZADD takes it), ARGV[3i] = the member.
-- Writes the score (plain ZADD) and the version if the member's stored version is absent or lower.
-- Returns one integer per update, in order: 1 if it wrote, 0 if not. A member given twice is
-- compared against what its first write left.
local out = {}
for i = 1, #KEYS / 2 do
  local versions = KEYS[2 * i]
  local v = ARGV[3 * i - 2]
  local member = ARGV[3 * i]
  local stored = redis.call('HGET', versions, member)
  if stored and tonumber(stored) >= tonumber(v) then
    out[i] = 0
  else
    redis.call('ZADD', KEYS[2 * i - 1], ARGV[3 * i - 1], member)
    redis.call('HSET', versions, member, v)
    out[i] = 1
  end
end
return out
