// Concurrent acquires in one process against a real Redis: their scripts are in flight together
// (ioredis pipelines them), grants still come in call order, and the envelope holds.
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { createRateLimiter, type Grant } from '../src/index.js';
import { type RedisClientLike, redisStore } from '../src/redis.js';
import { envelopeViolations } from './helpers/envelope.js';
import { startTestRedis } from '@tgmcp/testkit';

const redis = await startTestRedis('ratelimit tests');
const clients: Redis[] = [];

afterAll(async () => {
  for (const c of clients) c.disconnect();
  await redis?.stop();
});

/** An ioredis client that counts the scripts sent and not yet answered. */
function countingClient(url: string) {
  const client = new Redis(url);
  clients.push(client);
  const counts = { inFlight: 0, max: 0 };
  const counted = <T>(p: Promise<T>) => {
    counts.max = Math.max(counts.max, ++counts.inFlight);
    return p.finally(() => counts.inFlight--);
  };
  const wrapped: RedisClientLike = {
    evalsha: (...args) => counted(client.evalsha(...args)),
    eval: (...args) => counted(client.eval(...args)),
    get: (key) => client.get(key),
    del: (...keys) => client.del(...keys),
    pttl: (key) => client.pttl(key),
    scan: (...args) => client.scan(...args),
  };
  return { client: wrapped, counts };
}

const prefix = () => `pipelining:${process.pid}:${Math.random().toString(36).slice(2)}:`;

describe.skipIf(!redis)('one limiter on Redis with concurrent callers', () => {
  it('sends their scripts together instead of one round trip after another', async () => {
    const { client, counts } = countingClient(redis!.url);
    const limiter = createRateLimiter({
      rate: 1e6,
      burst: 1e6,
      store: redisStore({ client, prefix: prefix() }),
    });
    await limiter.acquire(); // loads the script
    counts.max = 0;
    await Promise.all(Array.from({ length: 16 }, () => limiter.acquire()));
    expect(counts.max).toBe(16);
  });

  it('grants in call order within the envelope when the bucket runs dry', async () => {
    const { client, counts } = countingClient(redis!.url);
    const rate = 200;
    const burst = 5;
    const limiter = createRateLimiter({
      rate,
      burst,
      store: redisStore({ client, prefix: prefix() }),
    });
    const order: number[] = [];
    const grants: Grant[] = [];
    const calls = Array.from({ length: 40 }, (_, i) =>
      limiter.acquire().then((g) => {
        order.push(i);
        grants[i] = g;
      }),
    );
    await Promise.all(calls);
    expect(order).toEqual(Array.from({ length: 40 }, (_, i) => i));
    const times = grants.map((g) => g.at);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(envelopeViolations(times, rate, burst)).toBe(0);
    expect(counts.max).toBeGreaterThan(1);
    expect(await limiter.stats()).toMatchObject({ granted: 40, waiting: 0 });
  });
});
