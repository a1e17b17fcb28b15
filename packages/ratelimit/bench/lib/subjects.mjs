// The things measured, each reduced to "ask for permission once": our limiter on each store
// (from the built package) and the baselines. Every subject is configured so nothing waits.
import Bottleneck from 'bottleneck';
import { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis } from 'rate-limiter-flexible';
import { createRateLimiter, fileStore, memoryStore } from '../../dist/index.js';
import { redisStore } from '../../dist/redis.js';

const HUGE = 1e9;

/** What each subject's op is, for the output. */
export const OPERATION = {
  ours: 'createRateLimiter({ rate: 1e9, burst: 1e9 }).acquire()',
  rlf: 'consume(key) on points 1e9 per 1 s',
  bottleneck: 'schedule(() => Promise.resolve()) with no limits set (its only way to take a slot)',
};

const ours = (store, key) => {
  const limiter = createRateLimiter({ rate: HUGE, burst: HUGE, store, key });
  return () => limiter.acquire();
};

/**
 * Returns { op, close, client? } for `name`. `ctx`: { key, dir?, redisUrl?, clear? } where
 * `clear` lets bottleneck wipe its datastore (only the first process of a shared run does).
 */
export async function makeSubject(name, ctx) {
  switch (name) {
    case 'ours-memory':
      return { op: ours(memoryStore(), ctx.key), close: async () => {} };
    case 'ours-file':
      return { op: ours(fileStore({ dir: ctx.dir }), ctx.key), close: async () => {} };
    case 'before-file': {
      // The polling limiter (lib/before.mjs), for the before/after of the saturated file store.
      const lib = await import(`${ctx.beforeDir}/index.js`);
      const limiter = lib.createRateLimiter({
        rate: HUGE,
        burst: HUGE,
        store: lib.fileStore({ dir: ctx.dir }),
        key: ctx.key,
      });
      return { op: () => limiter.acquire(), close: async () => {} };
    }
    case 'ours-redis': {
      const client = new Redis(ctx.redisUrl);
      const store = redisStore({ client, prefix: `bench:ours:` });
      return { op: ours(store, ctx.key), close: async () => client.disconnect(), client };
    }
    case 'rlf-memory': {
      const rl = new RateLimiterMemory({ points: HUGE, duration: 1 });
      return { op: () => rl.consume(ctx.key), close: async () => {} };
    }
    case 'rlf-redis': {
      const client = new Redis(ctx.redisUrl);
      const rl = new RateLimiterRedis({
        storeClient: client,
        points: HUGE,
        duration: 1,
        keyPrefix: 'bench:rlf',
      });
      return { op: () => rl.consume(ctx.key), close: async () => client.disconnect(), client };
    }
    case 'bottleneck-memory': {
      const b = new Bottleneck({});
      return { op: () => b.schedule(() => Promise.resolve()), close: () => b.disconnect() };
    }
    case 'bottleneck-redis': {
      const { hostname, port } = new URL(ctx.redisUrl);
      const b = new Bottleneck({
        datastore: 'ioredis',
        clientOptions: { host: hostname, port: Number(port) },
        id: `bench-bn-${ctx.key}`,
        clearDatastore: ctx.clear ?? true,
      });
      await b.ready();
      return { op: () => b.schedule(() => Promise.resolve()), close: () => b.disconnect() };
    }
    default:
      throw new Error(`unknown subject ${name}`);
  }
}
