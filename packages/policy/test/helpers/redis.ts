// Redis test helpers of this package; the server itself comes from @tgmcp/testkit.
import type { Redis } from 'ioredis';

export { startTestRedis } from '@tgmcp/testkit';
export type { TestRedis } from '@tgmcp/testkit';

/** Deletes every key under `prefix`, so runs against a shared REDIS_URL leave nothing behind. */
export async function dropPrefix(client: Redis, prefix: string): Promise<void> {
  const escaped = prefix.replace(/[*?[\]\\]/g, '\\$&');
  let cursor = '0';
  do {
    const [next, keys] = await client.scan(cursor, 'MATCH', `${escaped}*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) await client.del(...keys);
  } while (cursor !== '0');
}
