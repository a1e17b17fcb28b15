// Redis (or Valkey) store for many processes on many hosts: each operation is one Lua script
// (one round trip), atomic on the server, timed by the server's clock.
import { createHash } from 'node:crypto';
import { InvalidOptionError, StateUnreadableError } from '../errors.js';
import { log } from '../logger.js';
import type { RateLimitStore, TakeResult } from './types.js';
import {
  HOLDS_SCRIPT,
  HOLD_SCRIPT,
  INCREMENT_SCRIPT,
  REFUND_SCRIPT,
  TAKE_SCRIPT,
} from './redis-scripts.js';

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
  /** Receives problems worth a person's attention (unreadable keys), each key once per process. */
  onWarning?: (message: string) => void;
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
const HOLDS = script(HOLDS_SCRIPT);

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
  const warn = options.onWarning ?? ((message: string) => log.warn(message));
  const reported = new Set<string>();
  const warnOnce = (key: string, message: string) => {
    if (reported.has(key)) return;
    reported.add(key);
    warn(message);
  };

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
      let reply: unknown;
      try {
        reply = await run(
          TAKE,
          key,
          request.intervalMs * 1000,
          request.burst,
          request.cost,
          horizonUs(request.maxWaitMs),
        );
      } catch (err) {
        // Another type under the bucket's key: refuse rather than guess how much was used.
        if (!(err instanceof Error) || !err.message.startsWith('WRONGTYPE')) throw err;
        warnOnce(
          prefix + key,
          `Redis key ${prefix + key} (bucket) is not a string; calls it limits are refused: delete it (redis-cli DEL ${prefix + key}) to start from an empty bucket`,
        );
        throw new StateUnreadableError(prefix + key, 'WRONGTYPE', { cause: err });
      }
      const [ok, retryUs, remaining, nowUs, recovered, waitUs, reservation] = reply as [
        number,
        string,
        string,
        string,
        number,
        string,
        string,
      ];
      if (recovered === 1)
        warnOnce(
          prefix + key,
          `Redis key ${prefix + key} (bucket) held a value that is not a number; it was replaced by an empty bucket (no burst)`,
        );
      const at = Number(nowUs) / 1000;
      // The slot's time from microseconds in one division, so that slots one interval apart
      // stay exactly that far apart (at + waitMs gives back this value: the difference is exact).
      const slotAt = (Number(nowUs) + Number(waitUs)) / 1000;
      const result: TakeResult = {
        ok: ok === 1,
        retryAfterMs: Number(retryUs) / 1000,
        remaining: Number(remaining),
        at,
        waitMs: slotAt - at,
      };
      // Microseconds, as stored: compared exactly by a conditional refund.
      if (ok === 1 && request.cost > 0) result.reservation = Number(reservation);
      return result;
    },
    async refund(key, request) {
      const args: Arg[] = [request.intervalMs * 1000, request.burst, request.cost];
      if (request.reservation !== undefined) args.push(request.reservation);
      return Number(await run(REFUND, key, ...args)) === 1;
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
      // One script per key (ioredis pipelines them): keys of one call may sit in different
      // cluster slots.
      const reply = await Promise.all(keys.map((key) => run(HOLDS, key)));
      return keys.map((key, i) => {
        const ms = Number((reply[i] as number[])[0]);
        if (ms >= 0) {
          reported.delete(prefix + key);
          return ms;
        }
        warnOnce(
          prefix + key,
          `Redis key ${prefix + key} (hold) is not what this store writes (another type or value, or no expiry); it is treated as an active wait, so calls it covers are refused: delete it (redis-cli DEL ${prefix + key}) once you are sure Telegram's wait has passed`,
        );
        return Number.POSITIVE_INFINITY;
      });
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

/** A reservation horizon in microseconds for the take script: -1 means none. */
function horizonUs(maxWaitMs: number | undefined): number {
  if (maxWaitMs === undefined) return 0;
  return Number.isFinite(maxWaitMs) ? Math.max(0, maxWaitMs * 1000) : -1;
}

function escapeGlob(s: string): string {
  return s.replace(/[*?[\]\\]/g, '\\$&');
}
