// Sub-entry `@tgmcp/policy/redis`: the Redis/Valkey state store (ioredis is an optional peer).
export { redisStateStore } from './state/redis.js';
export type {
  RedisStateClientLike,
  RedisStateStore,
  RedisStateStoreOptions,
} from './state/redis.js';
