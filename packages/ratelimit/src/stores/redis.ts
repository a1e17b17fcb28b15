// Redis (or Valkey) store for many processes on many hosts: each operation is one Lua script
// (one round trip), atomic on the server, timed by the server's clock.
import { createHash } from 'node:crypto';
import { InvalidOptionError } from '../errors.js';
import type { RateLimitStore } from './types.js';
import { HOLD_SCRIPT, INCREMENT_SCRIPT, REFUND_SCRIPT, TAKE_SCRIPT } from './redis-scripts.js';

type Arg = string | number;

/** The part of an ioredis client this store uses (ioredis 5 satisfies it). */
export interface RedisClientLike {
  evalsha(sha: string, numKeys: number, ...args: Arg[]): Promise<unknown>;
  eval(script: string, numKeys: number, ...args: Arg[]): Promise<unknown>;
  get(key: string): Promise<string | null>;
  del(...keys: string[]): Promise<number>;
  pttl(key: string): Promise<number>;
  scan(
    cursor: string | number,
    patternToken: 'MATCH',
    pattern: string,
    countToken: 'COUNT',
    count: number,
  ): Promise<[cursor: string, elements: string[]]>;
}

export interface RedisStoreOptions {
  client: RedisClientLike;
  /** Prefix of every key this store writes. Default `tgmcp:rl:`. */
  prefix?: string;
}

export interface RedisStore extends RateLimitStore {
  readonly kind: 'redis';
}

interface Script {
  source: string;
  sha: string;
}

const script = (source: string): Script => ({
  source,
  sha: createHash('sha1').update(source).digest('hex'),
});
const TAKE = script(TAKE_SCRIPT);
const REFUND = script(REFUND_SCRIPT);
const INCREMENT = script(INCREMENT_SCRIPT);
const HOLD = script(HOLD_SCRIPT);

export function redisStore(options: RedisStoreOptions): RedisStore {
  const { client } = options;
  if (!client || typeof client.evalsha !== 'function') {
    throw new InvalidOptionError(
      'client',
      'must be an ioredis client (or one with evalsha/eval/get/del/pttl/scan)',
      client,
    );
  }
  const prefix = options.prefix ?? 'tgmcp:rl:';

  async function run(s: Script, key: string, ...args: Arg[]): Promise<unknown> {
    try {
      return await client.evalsha(s.sha, 1, prefix + key, ...args);
    } catch (err) {
      if (!(err instanceof Error) || !err.message.includes('NOSCRIPT')) throw err;
      return client.eval(s.source, 1, prefix + key, ...args);
    }
  }

  return {
    kind: 'redis',
    async take(key, request) {
      const [ok, retryUs, remaining, nowUs] = (await run(
        TAKE,
        key,
        request.intervalMs * 1000,
        request.burst,
        request.cost,
      )) as [number, string, string, string];
      return {
        ok: ok === 1,
        retryAfterMs: Number(retryUs) / 1000,
        remaining: Number(remaining),
        at: Number(nowUs) / 1000,
      };
    },
    async refund(key, request) {
      await run(REFUND, key, request.intervalMs * 1000, request.burst, request.cost);
    },
    async increment(key, request) {
      const [ok, used] = (await run(
        INCREMENT,
        key,
        request.by,
        request.limit,
        Math.ceil(request.expiresAtMs),
      )) as [number, number];
      return { ok: ok === 1, used: Number(used) };
    },
    async readCounter(key) {
      const raw = await client.get(prefix + key);
      if (raw === null) return 0;
      const n = Number(raw);
      return Number.isFinite(n) ? n : Number.POSITIVE_INFINITY;
    },
    async hold(key, durationMs) {
      return Number(await run(HOLD, key, durationMs));
    },
    async holds(keys) {
      return Promise.all(keys.map(async (key) => Math.max(0, await client.pttl(prefix + key))));
    },
    async clearHold(key) {
      await client.del(prefix + key);
    },
    async listHolds(holdPrefix) {
      const out: Array<{ key: string; remainingMs: number }> = [];
      let cursor = '0';
      do {
        const [next, keys] = await client.scan(
          cursor,
          'MATCH',
          `${escapeGlob(prefix + holdPrefix)}*`,
          'COUNT',
          200,
        );
        cursor = next;
        for (const full of keys) {
          const ms = await client.pttl(full);
          if (ms > 0) out.push({ key: full.slice(prefix.length), remainingMs: ms });
        }
      } while (cursor !== '0');
      return out;
    },
  };
}

function escapeGlob(s: string): string {
  return s.replace(/[*?[\]\\]/g, '\\$&');
}
