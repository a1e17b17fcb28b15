// One behavioural contract, run against every store: memory, file and a real Redis server.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { fileStore, memoryStore, type RateLimitStore } from '../src/index.js';
import { redisStore } from '../src/redis.js';
import { startTestRedis } from '@tgmcp/testkit';

const redis = await startTestRedis('ratelimit tests');
const clients: Redis[] = [];
const dirs: string[] = [];

afterAll(async () => {
  for (const c of clients) c.disconnect();
  for (const d of dirs) await rm(d, { recursive: true, force: true });
  await redis?.stop();
});

const factories: Array<[string, (() => Promise<RateLimitStore>) | null]> = [
  ['memory', async () => memoryStore()],
  [
    'file',
    async () => {
      const dir = await mkdtemp(path.join(tmpdir(), 'tgmcp-contract-'));
      dirs.push(dir);
      return fileStore({ dir });
    },
  ],
  [
    'redis',
    redis
      ? async () => {
          const client = new Redis(redis.url);
          clients.push(client);
          return redisStore({
            client,
            prefix: `test:${process.pid}:${Math.random().toString(36).slice(2)}:`,
          });
        }
      : null,
  ],
];

describe.skipIf(!redis)('redis store clock', () => {
  it('decides with the Redis server time, not the caller clock (hosts with skewed clocks share one budget)', async () => {
    const client = new Redis(redis!.url);
    clients.push(client);
    const store = redisStore({ client, prefix: `clock:${Date.now()}:` });
    const bucket = { intervalMs: 60_000, burst: 1 };
    const skewedHost = Date.now() + 86_400_000; // a host whose clock is a day ahead
    expect((await store.take('b', { ...bucket, cost: 1 }, Date.now())).ok).toBe(true);
    const r = await store.take('b', { ...bucket, cost: 1 }, skewedHost);
    // With the caller's clock the bucket would have refilled long ago; the server says wait.
    expect(r.ok).toBe(false);
    expect(r.retryAfterMs).toBeGreaterThan(55_000);
    const [seconds] = await client.time();
    expect(Math.abs(r.at - Number(seconds) * 1000)).toBeLessThan(2000);
  });
});

describe.each(factories)('%s store', (_name, make) => {
  const maybe = make ? it : it.skip;
  const bucket = { intervalMs: 10_000, burst: 3 };

  maybe('take grants the burst, then says how long to wait', async () => {
    const store = await make!();
    const now = Date.now();
    for (let i = 0; i < 3; i++)
      expect((await store.take('b', { ...bucket, cost: 1 }, now)).ok).toBe(true);
    const denied = await store.take('b', { ...bucket, cost: 1 }, now);
    expect(denied.ok).toBe(false);
    expect(denied.retryAfterMs).toBeGreaterThan(9_000);
    expect(denied.retryAfterMs).toBeLessThanOrEqual(10_000);
    expect(Math.abs(denied.at - Date.now())).toBeLessThan(5_000);
    expect((await store.take('other', { ...bucket, cost: 1 }, now)).ok).toBe(true);
  });

  maybe('cost 0 reads without taking; refund gives tokens back, never above full', async () => {
    const store = await make!();
    const now = Date.now();
    await store.take('b', { ...bucket, cost: 2 }, now);
    expect((await store.take('b', { ...bucket, cost: 0 }, now)).remaining).toBeCloseTo(1, 1);
    await store.refund('b', { ...bucket, cost: 1 }, now);
    expect((await store.take('b', { ...bucket, cost: 0 }, now)).remaining).toBeCloseTo(2, 1);
    await store.refund('b', { ...bucket, cost: 5 }, now);
    expect((await store.take('b', { ...bucket, cost: 0 }, now)).remaining).toBeCloseTo(3, 6);
  });

  maybe(
    'take with maxWaitMs reserves the next slot: the bucket advances into the future, one call per slot',
    async () => {
      const store = await make!();
      const spec = { intervalMs: 1000, burst: 2, cost: 1 };
      const now = Date.now();
      const at = (r: { at: number; waitMs?: number }) => r.at + r.waitMs!;
      const r1 = await store.take('r', { ...spec, maxWaitMs: 10_000 }, now);
      const r2 = await store.take('r', { ...spec, maxWaitMs: 10_000 }, now);
      expect([r1.ok, r1.waitMs, r2.ok, r2.waitMs]).toEqual([true, 0, true, 0]);
      const r3 = await store.take('r', { ...spec, maxWaitMs: 10_000 }, now);
      const r4 = await store.take('r', { ...spec, maxWaitMs: 10_000 }, now);
      expect(r3.ok && r4.ok).toBe(true);
      // Slots one interval apart, whatever the clock of the store (Redis: server time).
      expect(r3.waitMs).toBeGreaterThan(900);
      expect(at(r4) - at(r3)).toBeCloseTo(1000, 3);
      expect(r3.reservation).toBeDefined();
      // A reservation beyond the horizon is refused and changes nothing.
      const far = await store.take('r', { ...spec, maxWaitMs: 1500 }, now);
      expect(far.ok).toBe(false);
      expect(far.waitMs).toBeGreaterThan(2500);
      expect(far.retryAfterMs).toBeCloseTo(far.waitMs! - 1500, 3);
      // Without a horizon: a plain take, refused while slots are reserved ahead.
      const plain = await store.take('r', spec, now);
      expect(plain.ok).toBe(false);
      expect(plain.retryAfterMs).toBeGreaterThan(2500);
      const r5 = await store.take('r', { ...spec, maxWaitMs: Number.POSITIVE_INFINITY }, now);
      expect(at(r5) - at(r4)).toBeCloseTo(1000, 3);
    },
  );

  maybe(
    'a reservation goes back only while it is the last one (a later one may count on its slot)',
    async () => {
      const store = await make!();
      const spec = { intervalMs: 1000, burst: 1, cost: 1, maxWaitMs: 60_000 };
      const now = Date.now();
      await store.take('g', spec, now);
      const a = await store.take('g', spec, now);
      const b = await store.take('g', spec, now);
      // a is not the last: giving it back would let the next caller take b's slot a second time.
      expect(await store.refund('g', { ...spec, reservation: a.reservation }, now)).toBe(false);
      expect(await store.refund('g', { ...spec, reservation: b.reservation }, now)).toBe(true);
      // b's slot is free again: the next reservation gets it, and a's stays taken.
      const c = await store.take('g', spec, now);
      expect(c.at + c.waitMs!).toBeCloseTo(b.at + b.waitMs!, 3);
      expect(await store.refund('g', { ...spec, reservation: a.reservation }, now)).toBe(false);
    },
  );

  maybe(
    'increment is an atomic check-and-add: 60 concurrent +1 against a limit of 25',
    async () => {
      const store = await make!();
      const now = Date.now();
      const request = { by: 1, limit: 25, expiresAtMs: now + 60_000 };
      const results = await Promise.all(
        Array.from({ length: 60 }, () => store.increment('c', request, now)),
      );
      expect(results.filter((r) => r.ok)).toHaveLength(25);
      expect(results.filter((r) => !r.ok).every((r) => r.used === 25)).toBe(true);
      expect(await store.readCounter('c', now)).toBe(25);
      expect((await store.increment('c', { ...request, by: -30 }, now)).used).toBe(0);
      expect(await store.readCounter('missing', now)).toBe(0);
    },
  );

  maybe(
    'hold keeps the longest, holds reports remaining, clearHold and listHolds work',
    async () => {
      const store = await make!();
      const now = Date.now();
      expect(await store.hold('h:a', 30_000, now)).toBeGreaterThan(29_000);
      expect(await store.hold('h:a', 5_000, now)).toBeGreaterThan(29_000);
      await store.hold('h:b', 10_000, now);
      await store.hold('x:c', 10_000, now);
      const [a, b, none] = await store.holds(['h:a', 'h:b', 'h:none'], now);
      expect(a).toBeGreaterThan(29_000);
      expect(b).toBeGreaterThan(9_000);
      expect(none).toBe(0);
      const listed = (await store.listHolds('h:', now)).map((h) => h.key).sort();
      expect(listed).toEqual(['h:a', 'h:b']);
      await store.clearHold('h:a');
      expect((await store.holds(['h:a'], now))[0]).toBe(0);
    },
  );
});
