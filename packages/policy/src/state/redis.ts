// A Redis (or Valkey) state store for policy records shared by many processes on many hosts:
// one string key per record holding its JSON, the same semantics as `fileStateStore`.
import { createHash } from 'node:crypto';
import { type Clock, type Random, randomFraction, systemClock, systemRandom } from '@tgmcp/core';
import { PolicyInputError, StateCorruptError, StateLockTimeoutError } from '../errors.js';
import {
  type JsonValue,
  REMOVE,
  type StateStore,
  type UpdateFn,
  applyUpdate,
  validKey,
} from './types.js';
import { log } from '../logger.js';

type Arg = string | number;

/** The part of an ioredis client this store uses (ioredis 5 satisfies it). */
export interface RedisStateClientLike {
  get(key: string): Promise<string | null>;
  mget(...keys: string[]): Promise<Array<string | null>>;
  del(...keys: string[]): Promise<number>;
  evalsha(sha: string, numKeys: number, ...args: Arg[]): Promise<unknown>;
  eval(script: string, numKeys: number, ...args: Arg[]): Promise<unknown>;
  scan(
    cursor: string | number,
    patternToken: 'MATCH',
    pattern: string,
    countToken: 'COUNT',
    count: number,
  ): Promise<[cursor: string, elements: string[]]>;
}

export interface RedisStateStoreOptions {
  client: RedisStateClientLike;
  /** Prefix of every key this store writes. Default `tgmcp:policy:`. */
  prefix?: string;
  /** Give up an update that keeps losing to other writers after this long. Default 15000. */
  conflictTimeoutMs?: number;
  /** Receives recoverable problems (a corrupt record skipped by `list`). */
  onWarning?: (message: string) => void;
  /** Times the conflict timeout and the backoff between retries. */
  clock?: Clock;
  /** The backoff's jitter. */
  random?: Random;
}

export interface RedisStateStore extends StateStore {
  readonly kind: 'redis';
  readonly prefix: string;
}

// Optimistic concurrency: `update` reads the record, runs `fn` without holding anything, then
// this script writes only if the key still holds exactly the text that was read (else: retry).
// Comparing the whole text, not a counter, has no ABA problem: equal text means `fn` saw the
// current value, even across a delete and re-create. ARGV: had (0|1), read text, op, new text.
const CAS_SCRIPT = `
local cur = redis.call('GET', KEYS[1])
if ARGV[1] == '1' then
  if cur ~= ARGV[2] then return 0 end
elseif cur then
  return 0
end
if ARGV[3] == 'del' then redis.call('DEL', KEYS[1]) else redis.call('SET', KEYS[1], ARGV[4]) end
return 1
`;
const CAS_SHA = createHash('sha1').update(CAS_SCRIPT).digest('hex');

const isWrongType = (err: unknown) => err instanceof Error && err.message.includes('WRONGTYPE');

function escapeGlob(s: string): string {
  return s.replace(/[*?[\]\\]/g, '\\$&');
}

/** Full jitter, growing to at most 50 ms: 8 contending hosts settle in a few rounds. */
const backoffMs = (attempt: number, random: Random) =>
  attempt === 0 ? 0 : randomFraction(random) * Math.min(50, 2 ** attempt);

export function redisStateStore(options: RedisStateStoreOptions): RedisStateStore {
  const { client } = options;
  if (!client || typeof client.evalsha !== 'function' || typeof client.scan !== 'function') {
    throw new PolicyInputError(
      'client',
      'must be an ioredis client (or one with get/mget/del/eval/evalsha/scan)',
    );
  }
  const prefix = options.prefix ?? 'tgmcp:policy:';
  if (typeof prefix !== 'string') throw new PolicyInputError('prefix', 'must be a string');
  const conflictTimeoutMs = options.conflictTimeoutMs ?? 15_000;
  const warn = options.onWarning ?? ((message: string) => log.warn(message));
  const { clock = systemClock, random = systemRandom } = options;
  const where = (key: string) => `redis key ${prefix}${key}`;

  function parse(key: string, raw: string | null): JsonValue | undefined {
    if (raw === null) return undefined;
    try {
      return JSON.parse(raw) as JsonValue;
    } catch {
      // Fail closed (D48): a record we cannot read is never treated as absent.
      throw new StateCorruptError(key, where(key), 'not JSON');
    }
  }

  async function readRaw(key: string): Promise<string | null> {
    try {
      return await client.get(prefix + key);
    } catch (err) {
      if (isWrongType(err)) throw new StateCorruptError(key, where(key), 'not a string key');
      throw err;
    }
  }

  async function compareAndSet(key: string, read: string | null, next: string | null) {
    const args: Arg[] = [
      prefix + key,
      read === null ? '0' : '1',
      read ?? '',
      next === null ? 'del' : 'set',
      next ?? '',
    ];
    try {
      return (await client.evalsha(CAS_SHA, 1, ...args)) === 1;
    } catch (err) {
      if (!(err instanceof Error) || !err.message.includes('NOSCRIPT')) throw err;
      return (await client.eval(CAS_SCRIPT, 1, ...args)) === 1;
    }
  }

  // Updates of one key from this process take turns, so they never conflict with each other.
  const chains = new Map<string, Promise<unknown>>();
  function serialize<T>(key: string, op: () => Promise<T>): Promise<T> {
    const next = (chains.get(key) ?? Promise.resolve()).then(op, op);
    const tail = next.catch(() => undefined);
    chains.set(key, tail);
    void tail.then(() => {
      if (chains.get(key) === tail) chains.delete(key);
    });
    return next;
  }

  return {
    kind: 'redis',
    prefix,
    async get<T extends JsonValue>(key: string) {
      validKey(key);
      return parse(key, await readRaw(key)) as T | undefined;
    },
    async update<T extends JsonValue, R = T | undefined>(key: string, fn: UpdateFn<T, R>) {
      validKey(key);
      return serialize(key, async () => {
        const started = clock.now();
        for (let attempt = 0; ; attempt++) {
          const raw = await readRaw(key);
          const current = parse(key, raw) as T | undefined;
          // Awaited so an async `fn` also works; it may run again after a conflict.
          const { next, result } = applyUpdate(current, await Promise.resolve(fn(current)));
          if (next === undefined || (next === REMOVE && raw === null)) return result;
          const text = next === REMOVE ? null : JSON.stringify(next);
          if (await compareAndSet(key, raw, text)) return result;
          const waited = clock.now() - started;
          if (waited >= conflictTimeoutMs) throw new StateLockTimeoutError(where(key), waited);
          await clock.sleep(backoffMs(attempt, random));
        }
      });
    },
    async list<T extends JsonValue>(listPrefix: string) {
      const keys = new Set<string>(); // SCAN may return a key more than once
      let cursor = '0';
      do {
        const [nextCursor, found] = await client.scan(
          cursor,
          'MATCH',
          `${escapeGlob(prefix + listPrefix)}*`,
          'COUNT',
          500,
        );
        cursor = nextCursor;
        for (const full of found) keys.add(full.slice(prefix.length));
      } while (cursor !== '0');
      const sorted = [...keys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      const out: Array<{ key: string; value: T }> = [];
      for (let i = 0; i < sorted.length; i += 500) {
        const batch = sorted.slice(i, i + 500);
        // MGET returns nil for a deleted key and for one of another type: both are skipped.
        const raws = await client.mget(...batch.map((k) => prefix + k));
        batch.forEach((key, j) => {
          const raw = raws[j] ?? null;
          if (raw === null) return;
          try {
            out.push({ key, value: parse(key, raw) as T });
          } catch {
            warn(`skipped unreadable state record ${where(key)}`);
          }
        });
      }
      return out;
    },
    async delete(key: string) {
      validKey(key);
      return (await client.del(prefix + key)) === 1;
    },
  };
}
