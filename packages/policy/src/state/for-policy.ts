// Where a write server's policy records live: Redis when the process has a client for it
// (TG_REDIS_URL), else files under the data dir. Server and operator commands choose alike.
import type { ActionsPolicy } from '../config/actions-policy.js';
import { fileStateStore } from './file.js';
import type { RedisStateClientLike } from './redis.js';
import type { StateStore } from './types.js';

export async function stateStoreFor(
  policy: Pick<ActionsPolicy, 'stateDir'>,
  redis?: RedisStateClientLike,
): Promise<StateStore> {
  if (!redis) return fileStateStore({ dir: policy.stateDir });
  // Loaded only for Redis users, as the `@tgmcp/policy/redis` entry is.
  const { redisStateStore } = await import('./redis.js');
  return redisStateStore({ client: redis });
}
