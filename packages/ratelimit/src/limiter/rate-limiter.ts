// A token bucket (in GCRA form) whose state lives in a store, so every process sharing the store
// shares one envelope: in any window of W seconds at most `burst + rate * W` requests pass.
// Local waiters queue in a p-queue: in order within a priority, higher priorities first.
import PQueue from 'p-queue';
import { type Clock, systemClock } from '../clock.js';
import { InvalidOptionError } from '../errors.js';
import { nonEmptyString, positiveNumber } from '../options.js';
import { memoryStore } from '../stores/memory.js';
import type { RateLimitStore, TakeRequest, TakeResult } from '../stores/types.js';

export interface RateLimiterOptions {
  /** Requests per second. Default 4 (the seed's RATE_RPS). */
  rate?: number;
  /** Requests that may go at once after a quiet period. Default 8 (the seed's 2 x rate). */
  burst?: number;
  /** Where the bucket lives; share a file or Redis store to share the budget. Default memory. */
  store?: RateLimitStore;
  /** The bucket's name in the store, e.g. `tg:<account id>`. Default `default`. */
  key?: string;
  clock?: Clock;
}

export interface AcquireOptions {
  /** Tokens this request costs. Default 1; at most `burst`. */
  cost?: number;
  /** Aborting rejects at once; a token that was not used is given back. */
  signal?: AbortSignal;
  /** Higher goes first among local waiters (interactive calls above bulk exports). Default 0. */
  priority?: number;
}

export interface Grant {
  /** The store's time of the grant (ms since epoch; Redis server time for the Redis store). */
  at: number;
  /** How long this call waited (ms, caller's clock). */
  waitedMs: number;
}

export type TryAcquireResult = { ok: true } | { ok: false; retryAfterMs: number };

export interface RateLimiterStats {
  rate: number;
  burst: number;
  /** Tokens available now (fractional). */
  available: number;
  /** Local callers waiting for a token. */
  waiting: number;
  granted: number;
  /** Grants that had to wait. */
  throttled: number;
}

export interface RateLimiter {
  readonly rate: number;
  readonly burst: number;
  readonly key: string;
  acquire(options?: AcquireOptions): Promise<Grant>;
  tryAcquire(options?: { cost?: number }): Promise<TryAcquireResult>;
  stats(): Promise<RateLimiterStats>;
}

export function createRateLimiter(options: RateLimiterOptions = {}): RateLimiter {
  const rate = positiveNumber('rate', options.rate ?? 4);
  const burst = options.burst ?? 8;
  if (typeof burst !== 'number' || !Number.isFinite(burst) || burst < 1) {
    throw new InvalidOptionError('burst', 'must be a finite number of at least 1', burst);
  }
  const key = nonEmptyString('key', options.key ?? 'default');
  const store = options.store ?? memoryStore();
  const clock = options.clock ?? systemClock;
  const intervalMs = 1000 / rate;
  const storeKey = `bucket:${key}`;
  const queue = new PQueue({ concurrency: 1 });
  let fastAttempt: Promise<void> | undefined;
  let granted = 0;
  let throttled = 0;

  const request = (cost: number): TakeRequest => ({ intervalMs, burst, cost });

  const checkCost = (cost: unknown): number => {
    if (typeof cost !== 'number' || !Number.isFinite(cost) || cost <= 0 || cost > burst) {
      throw new InvalidOptionError(
        'cost',
        `must be a number greater than 0 and at most burst (${burst})`,
        cost,
      );
    }
    return cost;
  };

  // Takes a token, sleeping as the store says; gives the token back if aborted after taking it.
  async function takeWhenReady(
    cost: number,
    signal: AbortSignal | undefined,
    startedAt: number,
  ): Promise<Grant> {
    for (;;) {
      signal?.throwIfAborted();
      const result = await store.take(storeKey, request(cost), clock.now());
      if (result.ok) {
        if (signal?.aborted) {
          await store.refund(storeKey, request(cost), clock.now());
          signal.throwIfAborted();
        }
        granted++;
        const waitedMs = clock.now() - startedAt;
        if (waitedMs > 0) throttled++;
        return { at: result.at, waitedMs };
      }
      await clock.sleep(result.retryAfterMs, signal);
    }
  }

  return {
    rate,
    burst,
    key,
    async acquire(opts = {}) {
      const cost = checkCost(opts.cost ?? 1);
      const priority = opts.priority ?? 0;
      if (!Number.isFinite(priority))
        throw new InvalidOptionError('priority', 'must be a finite number', priority);
      const { signal } = opts;
      signal?.throwIfAborted();
      const startedAt = clock.now();
      const enqueue = () =>
        queue.add(({ signal: queueSignal }) => takeWhenReady(cost, queueSignal, startedAt), {
          priority,
          signal,
        });
      // Callers that arrive while a fast attempt is in flight wait for it to settle, so a fast
      // attempt that fails is queued ahead of them (FIFO), not behind.
      while (fastAttempt) await fastAttempt;
      if (queue.size > 0 || queue.pending > 0) return enqueue();
      // Fast path: nobody waiting here, so try the store directly (no queue overhead).
      let settle!: () => void;
      fastAttempt = new Promise<void>((resolve) => (settle = resolve));
      let result: TakeResult;
      let queued: Promise<Grant> | undefined;
      try {
        result = await store.take(storeKey, request(cost), startedAt);
        if (!result.ok) queued = enqueue();
      } finally {
        fastAttempt = undefined;
        settle();
      }
      if (queued) return queued;
      if (signal?.aborted) {
        await store.refund(storeKey, request(cost), clock.now());
        signal.throwIfAborted();
      }
      granted++;
      return { at: result.at, waitedMs: 0 };
    },
    async tryAcquire(opts = {}) {
      const cost = checkCost(opts.cost ?? 1);
      const waiting = queue.size + queue.pending;
      if (waiting > 0) return { ok: false, retryAfterMs: waiting * intervalMs * cost };
      const result = await store.take(storeKey, request(cost), clock.now());
      if (!result.ok) return { ok: false, retryAfterMs: result.retryAfterMs };
      granted++;
      return { ok: true };
    },
    async stats() {
      const peek = await store.take(storeKey, request(0), clock.now());
      return {
        rate,
        burst,
        available: peek.remaining,
        waiting: queue.size + queue.pending,
        granted,
        throttled,
      };
    },
  };
}
