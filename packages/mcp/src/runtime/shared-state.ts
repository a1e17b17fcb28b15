// Where state shared by processes lives: files under the data dir (one host), or Redis when
// TG_REDIS_URL is set (many hosts: limiter, flood memory, breaker, quotas, policy records).
import path from 'node:path';
import type { RateLimitStore } from '@tgmcp/ratelimit';
import { importOptional } from '@tgmcp/telegram';
import type { Redis } from 'ioredis';

export interface SharedState {
  limitStore: RateLimitStore;
  /** Set when TG_REDIS_URL is: the policy's state store uses it too. */
  redis: Redis | undefined;
  close(): Promise<void>;
}

export async function sharedStateFromEnv(
  env: Record<string, string | undefined>,
  dataDir: string,
): Promise<SharedState> {
  const url = env.TG_REDIS_URL?.trim();
  if (!url) {
    const { fileStore } = await import('@tgmcp/ratelimit');
    return {
      limitStore: fileStore({ dir: path.join(dataDir, 'state', 'ratelimit') }),
      redis: undefined,
      close: () => Promise.resolve(),
    };
  }
  if (!/^rediss?:\/\//.test(url))
    throw new Error('TG_REDIS_URL: must be a redis:// or rediss:// URL');
  // ioredis is an optional peer dependency: only Redis users install it.
  const { Redis } = await importOptional(
    'ioredis',
    'TG_REDIS_URL (Redis)',
    () => import('ioredis'),
  );
  const { redisStore } = await import('@tgmcp/ratelimit/redis');
  const redis = new Redis(url, { maxRetriesPerRequest: 2, lazyConnect: true });
  try {
    await redis.connect();
  } catch (err) {
    redis.disconnect();
    throw new Error(`TG_REDIS_URL: cannot connect (${(err as Error).message})`);
  }
  return {
    limitStore: redisStore({ client: redis }),
    redis,
    close: async () => {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
