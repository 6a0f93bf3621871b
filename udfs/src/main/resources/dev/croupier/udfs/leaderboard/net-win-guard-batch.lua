-- Guarded ZADD of net_win scores, many in one call (LeaderboardRedisWrites): a score is written only
-- over a lower version of the same (board, member), so a replay after a restore, which re-sends the
-- versions it had sent before, never moves a board back. Atomic because Redis runs a script as one
-- command.
-- KEYS: for each board of the call, once: KEYS[2b-1] = the board (sorted set), KEYS[2b] = its
-- versions hash (<prefix>lb-versions:..., member -> version).
-- ARGV: four per update, in order: the board's b, the version, the score (as ZADD takes it), the
-- member.
-- Writes the score (plain ZADD) and the version if the member's stored version is absent or lower.
-- Returns one integer per update, in order: 1 if it wrote, 0 if not. A member given twice is
-- compared against what its first write left.
-- Per board, one HMGET, one ZADD and one HSET for all its updates of the call, not three calls per
-- update.
local out = {}
local byBoard = {}
for i = 1, #ARGV / 4 do
  local b = tonumber(ARGV[4 * i - 3])
  local updates = byBoard[b]
  if not updates then
    updates = {}
    byBoard[b] = updates
  end
  updates[#updates + 1] = i
end
for b = 1, #KEYS / 2 do
  local updates = byBoard[b]
  local versions = KEYS[2 * b]
  local members = {}
  for j = 1, #updates do
    members[j] = ARGV[4 * updates[j]]
  end
  local stored = redis.call('HMGET', versions, unpack(members))
  local latest = {}
  local zadd, hset = {}, {}
  for j = 1, #updates do
    local i = updates[j]
    local member = members[j]
    local v = tonumber(ARGV[4 * i - 2])
    local current = latest[member]
    if current == nil then
      current = stored[j] and tonumber(stored[j]) or -1
    end
    if v > current then
      latest[member] = v
      zadd[#zadd + 1] = ARGV[4 * i - 1]
      zadd[#zadd + 1] = member
      hset[#hset + 1] = member
      hset[#hset + 1] = ARGV[4 * i - 2]
      out[i] = 1
    else
      latest[member] = current
      out[i] = 0
    end
  end
  if #zadd > 0 then
    redis.call('ZADD', KEYS[2 * b - 1], unpack(zadd))
    redis.call('HSET', versions, unpack(hset))
  end
end
return out
