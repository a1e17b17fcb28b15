// A token bucket (in GCRA form) whose state lives in a store, so every process sharing the store
// shares one envelope: in any window of W seconds at most `burst + rate * W` requests pass.
// Concurrent callers take from the store at once (take-pipeline.ts); callers that must wait
// queue in a p-queue: in order within a priority, higher priorities first.
import PQueue from 'p-queue';
import { type Clock, systemClock } from '../clock.js';
import { InvalidOptionError } from '../errors.js';
import { nonEmptyString, positiveNumber } from '../options.js';
import { memoryStore } from '../stores/memory.js';
import type { RateLimitStore, TakeRequest, TakeResult } from '../stores/types.js';
import { Turn, createTakePipeline } from './take-pipeline.js';

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

  const pipeline = createTakePipeline<Grant>({
    take: (cost) => store.take(storeKey, request(cost), clock.now()),
    queueBusy: () => queue.size > 0 || queue.pending > 0,
    enqueue: (turn) =>
      queue.add(({ signal }) => takeWhenReady(turn.cost, signal, turn.startedAt), {
        priority: turn.priority,
        signal: turn.signal,
      }),
  });
  const waitingCount = () => queue.size + queue.pending + pipeline.waiting;

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
      const turn = new Turn<Grant>(cost, priority, signal, startedAt);
      if (pipeline.enter(turn)) {
        let result: TakeResult | undefined;
        let error: unknown;
        try {
          result = await store.take(storeKey, request(cost), startedAt);
        } catch (err) {
          error = err;
        }
        pipeline.arrived(turn, result, error);
      }
      const verdict = turn.verdict ?? (await turn.settled());
      switch (verdict.kind) {
        case 'queued':
          return verdict.grant;
        case 'failed':
          throw verdict.error;
        case 'abandoned':
          await store.refund(storeKey, request(cost), clock.now());
          throw verdict.error;
        case 'granted': {
          granted++;
          // A token handed over from a later caller's take came after this caller was denied.
          const waitedMs = verdict.handedOver ? clock.now() - startedAt : 0;
          if (waitedMs > 0) throttled++;
          return { at: verdict.at, waitedMs };
        }
      }
    },
    async tryAcquire(opts = {}) {
      const cost = checkCost(opts.cost ?? 1);
      const waiting = waitingCount();
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
        waiting: waitingCount(),
        granted,
        throttled,
      };
    },
  };
}
