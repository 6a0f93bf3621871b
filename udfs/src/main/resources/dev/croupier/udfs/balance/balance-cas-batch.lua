-- Compare-and-set of many balance hashes in one call: balance-cas.lua's rule, applied to each hash in turn.
-- KEYS[i] = hash i; ARGV holds each hash's values, one per field of BalanceHashWrites.FIELDS and in its
-- order (seq first): hash i's values start at ARGV[(i - 1) * #FIELDS + 1].
-- Writes a hash's every field only if its stored seq is absent or lower. Returns one integer per key,
-- in order: 1 if it wrote, 0 if not. A key given twice is compared against what its first write left.
-- The @...@ placeholders are filled in by BalanceHashWrites from FIELDS (one source of truth): the field
-- names become literals here, so each call sends values only.
local out = {}
for i = 1, #KEYS do
  local b = (i - 1) * @FIELD_COUNT@
  local stored = redis.call('HGET', KEYS[i], 'seq')
  if stored and tonumber(stored) >= tonumber(ARGV[b + 1]) then
    out[i] = 0
  else
    redis.call('HSET', KEYS[i], @HSET_ARGS@)
    out[i] = 1
  end
end
return out
