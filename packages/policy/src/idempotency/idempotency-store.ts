// Idempotency as one atomic claim per payload hash (fixes D9): pending -> done | failed |
// in_doubt. The same write within the window returns the original result; two concurrent
// identical writes cannot both run; a claim left pending by a crash is IN_DOUBT, never re-sent
// without force_resend.
import { type Clock, type Random, systemClock, systemRandom, token } from '@tgmcp/core';
import { z } from 'zod';
import { IdempotencyError, StateCorruptError } from '../errors.js';
import { type JsonValue, REMOVE, type StateStore, withResult } from '../state/types.js';

const jsonSchema = z.json();

const recordSchema = z.object({
  v: z.literal(1),
  state: z.enum(['pending', 'done', 'failed', 'in_doubt']),
  token: z.string(),
  startedAt: z.number(),
  leaseUntil: z.number(),
  completedAt: z.number().nullable(),
  result: jsonSchema.optional(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  expiresAt: z.number(),
});
export type IdempotencyRecord = z.infer<typeof recordSchema>;
export type IdempotencyState = IdempotencyRecord['state'];

export type IdempotencyClaim =
  | { kind: 'claimed'; token: string; tracked: boolean }
  | { kind: 'duplicate'; result: unknown; completedAt: number; retryAfterSec: number };

export interface IdempotencyStoreOptions {
  store: StateStore;
  enabled: boolean;
  windowSec: number;
  leaseSec: number;
  clock?: Clock;
  random?: Random;
}

export interface IdempotencyStore {
  readonly enabled: boolean;
  /** The record for `hash` if it still counts (within the window), without changing it. */
  peek(hash: string): Promise<IdempotencyRecord | undefined>;
  /**
   * Atomically claims `hash`. `force` (force_resend, approved by a person) overrides a done,
   * failed or in-doubt record, never a pending claim still inside its lease.
   */
  claim(hash: string, options?: { force?: boolean }): Promise<IdempotencyClaim>;
  /** The write happened: later claims get `result` back as a duplicate. */
  complete(hash: string, claimToken: string, result: unknown): Promise<void>;
  /** The write did not happen (`failed`: a retry is safe) or may have (`in_doubt`). */
  fail(
    hash: string,
    claimToken: string,
    error: { code: string; message: string },
    inDoubt?: boolean,
  ): Promise<void>;
  prune(): Promise<{ removed: number }>;
}

const KEY = 'idem:';

function parse(key: string, raw: unknown): IdempotencyRecord | undefined {
  if (raw === undefined) return undefined;
  const r = recordSchema.safeParse(raw);
  if (!r.success) throw new StateCorruptError(key, undefined, 'not an idempotency record');
  return r.data;
}

const toJson = (v: unknown): z.infer<typeof jsonSchema> =>
  v === undefined ? null : jsonSchema.parse(JSON.parse(JSON.stringify(v)));

export function createIdempotencyStore(options: IdempotencyStoreOptions): IdempotencyStore {
  const { store, clock = systemClock, random = systemRandom, enabled } = options;
  const windowMs = options.windowSec * 1000;
  const leaseMs = options.leaseSec * 1000;
  const keyOf = (hash: string) => {
    if (!/^[0-9a-f]{64}$/.test(hash)) throw new TypeError('payload hash must be 64 hex digits');
    return `${KEY}${hash}`;
  };

  const settle = async (
    hash: string,
    claimToken: string,
    change: (r: IdempotencyRecord | undefined, now: number) => IdempotencyRecord | undefined,
    always: boolean,
  ) => {
    if (!enabled) return;
    const key = keyOf(hash);
    const now = clock.now();
    await store.update<JsonValue>(key, (raw) => {
      const r = parse(key, raw);
      // Someone forced a new claim meanwhile: a failure of ours must not touch theirs.
      if (r && r.token !== claimToken && !always) return undefined;
      return change(r, now);
    });
  };

  return {
    enabled,
    async peek(hash) {
      if (!enabled) return undefined;
      const key = keyOf(hash);
      const r = parse(key, await store.get(key));
      return r && clock.now() < r.expiresAt ? r : undefined;
    },

    async claim(hash, { force = false } = {}) {
      const fresh = token(random, 12);
      if (!enabled) return { kind: 'claimed', token: fresh, tracked: false };
      const key = keyOf(hash);
      const now = clock.now();
      const pending: IdempotencyRecord = {
        v: 1,
        state: 'pending',
        token: fresh,
        startedAt: now,
        leaseUntil: now + leaseMs,
        completedAt: null,
        error: null,
        expiresAt: now + windowMs,
      };
      const claimed = withResult<JsonValue, IdempotencyClaim>(pending, {
        kind: 'claimed',
        token: fresh,
        tracked: true,
      });
      return store.update<JsonValue, IdempotencyClaim>(key, (raw) => {
        const r = parse(key, raw);
        if (!r || now >= r.expiresAt || r.state === 'failed') return claimed;
        if (r.state === 'pending' && now < r.leaseUntil) {
          throw new IdempotencyError('DUPLICATE', 'the same write is running now', {
            payloadHash: hash,
            state: 'pending',
            startedAt: r.startedAt,
            retryAfterSec: Math.max(1, Math.ceil((r.leaseUntil - now) / 1000)),
          });
        }
        if (force) return claimed;
        if (r.state === 'done') {
          return withResult(undefined, {
            kind: 'duplicate',
            result: r.result ?? null,
            completedAt: r.completedAt ?? r.startedAt,
            retryAfterSec: Math.max(0, Math.floor((r.expiresAt - now) / 1000)),
          });
        }
        throw new IdempotencyError(
          'IN_DOUBT',
          'an earlier attempt of this write did not report back and may have been sent; check the chat, then resend only with force_resend and a new approval',
          { payloadHash: hash, state: r.state, startedAt: r.startedAt },
        );
      });
    },

    complete: (hash, claimToken, result) =>
      settle(
        hash,
        claimToken,
        // A success is recorded even if the claim was pruned or taken over meanwhile.
        (r, now) => ({
          v: 1,
          startedAt: r?.startedAt ?? now,
          leaseUntil: r?.leaseUntil ?? now,
          state: 'done',
          token: claimToken,
          completedAt: now,
          result: toJson(result),
          error: null,
          expiresAt: now + windowMs,
        }),
        true,
      ),

    fail: (hash, claimToken, error, inDoubt = false) =>
      settle(
        hash,
        claimToken,
        (r, now) =>
          r?.state === 'pending'
            ? {
                ...r,
                state: inDoubt ? 'in_doubt' : 'failed',
                completedAt: now,
                error: { code: error.code, message: error.message.slice(0, 300) },
              }
            : undefined,
        false,
      ),

    async prune() {
      const now = clock.now();
      let removed = 0;
      for (const { key, value } of await store.list(KEY)) {
        const r = parse(key, value);
        if (!r || now < r.expiresAt) continue;
        await store.update<JsonValue>(key, (cur) => {
          const c = parse(key, cur);
          return c && now >= c.expiresAt ? REMOVE : undefined;
        });
        removed++;
      }
      return { removed };
    },
  };
}
