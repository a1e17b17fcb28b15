// The things measured: our limiter on each store, and the baselines, each as "ask once".
import Bottleneck from 'bottleneck';
import { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis } from 'rate-limiter-flexible';
import { createRateLimiter, fileStore, memoryStore } from '../../dist/index.js';
import { redisStore } from '../../dist/redis.js';

const HUGE = 1e9;

/** Returns { op, close } for a subject name. `ctx` has { dir, redisUrl, key }. */
export async function makeSubject(name, ctx) {
  switch (name) {
    case 'ours-memory': {
      const limiter = createRateLimiter({
        rate: HUGE,
        burst: HUGE,
        store: memoryStore(),
        key: ctx.key,
      });
      return { op: () => limiter.acquire(), close: async () => {} };
    }
    case 'ours-file': {
      const limiter = createRateLimiter({
        rate: HUGE,
        burst: HUGE,
        store: fileStore({ dir: ctx.dir }),
        key: ctx.key,
      });
      return { op: () => limiter.acquire(), close: async () => {} };
    }
    case 'ours-redis': {
      const client = new Redis(ctx.redisUrl);
      const limiter = createRateLimiter({
        rate: HUGE,
        burst: HUGE,
        store: redisStore({ client, prefix: `bench:${ctx.key}:` }),
        key: ctx.key,
      });
      return { op: () => limiter.acquire(), close: async () => client.disconnect(), client };
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
        keyPrefix: `rlf:${ctx.key}`,
      });
      return { op: () => rl.consume(ctx.key), close: async () => client.disconnect() };
    }
    case 'bottleneck-memory': {
      const b = new Bottleneck({});
      return { op: () => b.schedule(() => Promise.resolve()), close: async () => b.disconnect() };
    }
    case 'bottleneck-redis': {
      const { hostname, port } = new URL(ctx.redisUrl);
      const b = new Bottleneck({
        id: `bn-${ctx.key}`,
        datastore: 'ioredis',
        clientOptions: { host: hostname, port: Number(port) },
        clearDatastore: false,
      });
      await b.ready();
      return { op: () => b.schedule(() => Promise.resolve()), close: async () => b.disconnect() };
    }
    default:
      throw new Error(`unknown subject ${name}`);
  }
}
