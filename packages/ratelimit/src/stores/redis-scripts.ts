// Lua for the Redis store. Every script reads Redis's own TIME, so all hosts share one clock.
// Times are integer microseconds (exact in a double); floats are returned as strings because
// Redis truncates Lua numbers to integers in replies.

const NOW_US = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
`;

/**
 * KEYS[1] bucket; ARGV interval_us, burst, cost, horizon_us (how far ahead a slot may be
 * reserved; 0 or absent: only now; -1: no horizon). Returns {ok, retry_after_us, remaining,
 * now_us, recovered, wait_us, reservation}: `wait_us` is how far ahead the slot lies (when not
 * ok: would lie), `reservation` the bucket's new theoretical arrival time (for a conditional
 * refund). A value that is not a number is taken as an empty bucket (never a fresh burst) and
 * rewritten as one; `recovered` is then 1 so the caller can say so.
 */
export const TAKE_SCRIPT = `${NOW_US}
local interval = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local cost = tonumber(ARGV[3])
local horizon = tonumber(ARGV[4] or '0')
local capacity = burst * interval
local raw = redis.call('GET', KEYS[1])
local tat = tonumber(raw)
local recovered = 0
if raw and tat == nil then
  tat = math.ceil(now + capacity)
  recovered = 1
  redis.call('SET', KEYS[1], string.format('%.0f', tat), 'PX', math.ceil(capacity / 1000) + 1000)
end
if tat == nil or tat < now then tat = now end
local new_tat = tat + cost * interval
if cost > 0 then new_tat = math.ceil(new_tat) end
local wait = new_tat - now - capacity
if wait <= 0.001 then wait = 0 end
if horizon >= 0 and wait > horizon + 0.001 then
  return {0, string.format('%.3f', wait - horizon), string.format('%.6f', math.max(0, (capacity - (tat - now)) / interval)), string.format('%.0f', now), recovered, string.format('%.3f', wait), '0'}
end
if cost > 0 then
  redis.call('SET', KEYS[1], string.format('%.0f', new_tat), 'PX', math.ceil((new_tat - now) / 1000) + 1000)
end
local remaining = (capacity - (new_tat - now)) / interval
if remaining < 0 then remaining = 0 end
return {1, '0', string.format('%.6f', remaining), string.format('%.0f', now), recovered, string.format('%.3f', wait), string.format('%.0f', new_tat)}
`;

/**
 * KEYS[1] bucket; ARGV interval_us, burst, cost, reservation_us (optional). Gives tokens back,
 * never above full; with a reservation, only when it is still the bucket's last one. Returns 1
 * when given back, 0 when not.
 */
export const REFUND_SCRIPT = `${NOW_US}
local tat = tonumber(redis.call('GET', KEYS[1]))
if ARGV[4] then
  if tat == nil or tat ~= tonumber(ARGV[4]) then return 0 end
elseif tat == nil or tat <= now then
  return 0
end
local new_tat = tat - tonumber(ARGV[3]) * tonumber(ARGV[1])
if new_tat <= now then
  redis.call('DEL', KEYS[1])
else
  new_tat = math.ceil(new_tat)
  redis.call('SET', KEYS[1], string.format('%.0f', new_tat), 'PX', math.ceil((new_tat - now) / 1000) + 1000)
end
return 1
`;

/** KEYS[1] counter; ARGV by, limit, expires_at_ms. Returns {ok, used}. */
export const INCREMENT_SCRIPT = `
local raw = redis.call('GET', KEYS[1])
local used = 0
if raw then
  used = tonumber(raw)
  if used == nil then return redis.error_reply('STATE_CORRUPT counter ' .. KEYS[1] .. ' is not a number') end
end
local by = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
local n
if by <= 0 then
  n = used + by
  if n < 0 then n = 0 end
elseif used + by > limit then
  return {0, used}
else
  n = used + by
end
redis.call('SET', KEYS[1], n)
redis.call('PEXPIREAT', KEYS[1], ARGV[3])
return {1, n}
`;

/** KEYS[1] hold; ARGV duration_ms. Extends the key's TTL to at least the duration. */
export const HOLD_SCRIPT = `
local duration = math.ceil(tonumber(ARGV[1]))
local current = redis.call('PTTL', KEYS[1])
if current >= duration then return current end
redis.call('SET', KEYS[1], '1', 'PX', duration)
return duration
`;

/**
 * KEYS hold keys (the store sends one per call). Remaining ms of each: 0 when absent, -1 when the
 * key is not what HOLD_SCRIPT writes (another type or value, or no expiry): reported as held.
 */
export const HOLDS_SCRIPT = `
local out = {}
for i, key in ipairs(KEYS) do
  local kind = redis.call('TYPE', key)['ok']
  if kind == 'none' then
    out[i] = 0
  elseif kind ~= 'string' or redis.call('GET', key) ~= '1' then
    out[i] = -1
  else
    local ttl = redis.call('PTTL', key)
    if ttl < 0 then out[i] = -1 else out[i] = ttl end
  end
end
return out
`;
