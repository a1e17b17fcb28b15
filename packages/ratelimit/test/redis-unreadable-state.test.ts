// Security review 16, item 9, on Redis: a breaker or flood-wait key that is not what the store
// writes (no expiry, another type, another value) fails closed instead of reading as "no wait",
// and a bucket value that is not a number is an empty bucket, never a fresh burst.
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { CircuitOpenError, createCircuitBreaker, createFloodMemory } from '../src/index.js';
import { redisStore } from '../src/redis.js';
import { startTestRedis } from '@tgmcp/testkit';

const redis = await startTestRedis('ratelimit tests');
const clients: Redis[] = [];
afterAll(async () => {
  for (const c of clients) c.disconnect();
  await redis?.stop();
});

function setup() {
  const client = new Redis(redis!.url);
  clients.push(client);
  const prefix = `unreadable:${process.pid}:${Math.random().toString(36).slice(2)}:`;
  const warnings: string[] = [];
  const store = redisStore({ client, prefix, onWarning: (m) => warnings.push(m) });
  return { client, prefix, store, warnings };
}

describe.skipIf(!redis)('redisStore: unreadable state fails closed', () => {
  it('a hold key without expiry, of another type or another value is held for an unknown time', async () => {
    const { client, prefix, store, warnings } = setup();
    await client.set(`${prefix}h:noexpiry`, '1');
    await client.set(`${prefix}h:value`, 'garbage', 'PX', 60_000);
    await client.hset(`${prefix}h:type`, 'until', '1');
    await store.hold('h:ok', 5000, Date.now());
    const held = await store.holds(['h:noexpiry', 'h:value', 'h:type', 'h:ok', 'h:none'], 0);
    expect(held.slice(0, 3)).toEqual([Infinity, Infinity, Infinity]);
    expect(held[3]).toBeGreaterThan(4000);
    expect(held[3]).toBeLessThanOrEqual(5000);
    expect(held[4]).toBe(0);
    // One line per key per process, naming the key and how to reset it.
    await store.holds(['h:noexpiry', 'h:value', 'h:type'], 0);
    expect(warnings).toHaveLength(3);
    expect(warnings[0]).toContain(`${prefix}h:noexpiry`);
    expect(warnings[0]).toMatch(/DEL .* once you are sure Telegram's wait has passed/);
  });

  it('the breaker and the flood memory refuse calls over such keys; deleting them resets', async () => {
    const { client, prefix, store } = setup();
    const breaker = createCircuitBreaker({ store, key: 'acct', cooldownSec: 600 });
    await client.set(`${prefix}breaker:acct`, 'x');
    const err = await breaker.check().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CircuitOpenError);
    expect(err).toMatchObject({ retryAfterSec: 600, reason: 'state_unreadable' });
    await client.del(`${prefix}breaker:acct`);
    await expect(breaker.check()).resolves.toBeUndefined();

    const flood = createFloodMemory({ store, key: 'acct' });
    await client.lpush(`${prefix}flood:acct:account`, 'x');
    expect(await flood.check({ method: 'm' })).toMatchObject({
      scope: 'account',
      remainingMs: 900_000,
      unreadable: true,
    });
  });

  it('a bucket value that is not a number is an empty bucket (no burst), rewritten once', async () => {
    const { client, prefix, store, warnings } = setup();
    const spec = { intervalMs: 1000, burst: 5, cost: 1 };
    await client.set(`${prefix}bucket`, 'not-a-number');
    const r = await store.take('bucket', spec, 0);
    expect(r.ok).toBe(false);
    expect(r.retryAfterMs).toBeGreaterThan(900);
    expect(r.retryAfterMs).toBeLessThanOrEqual(1000);
    expect(Number((await client.get(`${prefix}bucket`))!)).toBeGreaterThan(0);
    expect((await store.take('bucket', spec, 0)).ok).toBe(false);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(`${prefix}bucket`);
  });

  it('a bucket key of another type is a typed STATE_UNREADABLE error', async () => {
    const { client, prefix, store } = setup();
    await client.hset(`${prefix}bucket`, 'tat', '1');
    await expect(
      store.take('bucket', { intervalMs: 1000, burst: 5, cost: 1 }, 0),
    ).rejects.toMatchObject({ code: 'STATE_UNREADABLE' });
  });
});
