// Sub-entry `@tgmcp/ratelimit/redis`: the Redis/Valkey store (ioredis is an optional peer).
export { redisStore } from './stores/redis.js';
export type { RedisClientLike, RedisStore, RedisStoreOptions } from './stores/redis.js';
