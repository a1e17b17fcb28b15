// A token bucket (in GCRA form) whose state lives in a store, so every process sharing the store
// shares one envelope: in any window of W seconds at most `burst + rate * W` requests pass.
// A caller that must wait reserves its slot in the store (the bucket's theoretical arrival time
// advances at once) and sleeps until it: one store call per grant, and processes are served in
// the order their reservations reach the store. Concurrent callers take from the store at once
// (take-pipeline.ts); the rest queue in a p-queue, in order within a priority, higher first.
// Bulk callers never reserve ahead (by default), so an interactive caller in any process waits
// at most about one slot behind them.
import PQueue from 'p-queue';
import { type Clock, systemClock } from '../clock.js';
import { InvalidOptionError, MaxWaitExceededError } from '../errors.js';
import { nonEmptyString, nonNegativeNumber, positiveNumber } from '../options.js';
import { memoryStore } from '../stores/memory.js';
import type { RateLimitStore, TakeRequest, TakeResult } from '../stores/types.js';
import { type Slot, Turn, createTakePipeline } from './take-pipeline.js';

export interface RateLimiterOptions {
  /** Requests per second. Default 4 (the seed's RATE_RPS). */
  rate?: number;
  /** Requests that may go at once after a quiet period. Default 8 (the seed's 2 x rate). */
  burst?: number;
  /** Where the bucket lives; share a file or Redis store to share the budget. Default memory. */
  store?: RateLimitStore;
  /** The bucket's name in the store, e.g. `tg:<account id>`. Default `default`. */
  key?: string;
  /**
   * Default for `acquire({ maxWaitMs })`: the longest wait for a slot; a caller whose slot would
   * lie further ahead is refused at once with `MaxWaitExceededError`. Default Infinity.
   */
  maxWaitMs?: number;
  /**
   * How far ahead a bulk caller may reserve (ms). Default 0: bulk callers take only tokens that
   * are there now, so an interactive caller in any process waits at most one slot interval for
   * them; more makes bulk callers fair among themselves at that much extra interactive wait.
   */
  bulkHorizonMs?: number;
  clock?: Clock;
}

/**
 * The class of a call. `interactive` (the default) reserves the next slot however far ahead;
 * `bulk` (exports, backfills) takes only free tokens, so it never stands in an interactive
 * call's way. A number is a local priority: higher goes first among this process's waiters;
 * below 0 is bulk, 0 and above interactive (`'interactive'` is 0, `'bulk'` is -1).
 */
export type AcquirePriority = 'interactive' | 'bulk' | number;

export interface AcquireOptions {
  /** Tokens this request costs. Default 1; at most `burst`. */
  cost?: number;
  /** Aborting rejects at once; a slot that was not used is given back when it is the last one. */
  signal?: AbortSignal;
  /** Interactive calls above bulk exports, across processes too. Default `'interactive'` (0). */
  priority?: AcquirePriority;
  /** The longest this call may wait for its slot; see RateLimiterOptions.maxWaitMs. */
  maxWaitMs?: number;
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
  /** Reserved slots whose caller aborted and that could not be given back (a later one existed). */
  unusedSlots: number;
}

export interface RateLimiter {
  readonly rate: number;
  readonly burst: number;
  readonly key: string;
  /**
   * Resolves when the request may go. Rejects with the signal's reason when aborted, and with
   * `MaxWaitExceededError` when the slot lies beyond `maxWaitMs`.
   */
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
  const defaultMaxWaitMs = maxWait(options.maxWaitMs);
  const bulkHorizonMs = nonNegativeNumber('bulkHorizonMs', options.bulkHorizonMs ?? 0);
  const intervalMs = 1000 / rate;
  const storeKey = `bucket:${key}`;
  const queue = new PQueue({ concurrency: 1 });
  let granted = 0;
  let throttled = 0;
  let unusedSlots = 0;

  const request = (cost: number, maxWaitMs = 0): TakeRequest =>
    maxWaitMs > 0 ? { intervalMs, burst, cost, maxWaitMs } : { intervalMs, burst, cost };

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

  // Per-turn settings kept off the Turn class (shared with the pipeline).
  const maxWaits = new WeakMap<Turn<Grant>, number>();
  const maxWaitOf = (turn: Turn<Grant>) => maxWaits.get(turn) ?? defaultMaxWaitMs;
  const classHorizon = (turn: Turn<Grant>) => (turn.priority < 0 ? bulkHorizonMs : Infinity);
  // What is left of the caller's maxWaitMs now.
  const leftOf = (turn: Turn<Grant>) => maxWaitOf(turn) - (clock.now() - turn.startedAt);

  /** The error for a caller whose slot would lie beyond its maxWaitMs, or undefined. */
  function refusal(turn: Turn<Grant>, result: TakeResult): MaxWaitExceededError | undefined {
    const limit = maxWaitOf(turn);
    if (limit === Infinity) return undefined;
    // A store that cannot reserve says only when the tokens come: the same thing here.
    const slotIn = result.waitMs ?? result.retryAfterMs;
    const left = leftOf(turn);
    return slotIn > left ? new MaxWaitExceededError(limit, slotIn - left) : undefined;
  }

  /** Gives a slot back if it is the last reservation; otherwise it stays unused. */
  async function giveBack(slot: Slot, cost: number): Promise<void> {
    try {
      const back = await store.refund(
        storeKey,
        { ...request(cost), reservation: slot.reservation },
        clock.now(),
      );
      if (back === false) unusedSlots++;
    } catch (err) {
      unusedSlots++;
      throw err;
    }
  }

  function grantAfter(turn: Turn<Grant>, at: number): Grant {
    granted++;
    const waitedMs = clock.now() - turn.startedAt;
    if (waitedMs > 0) throttled++;
    return { at, waitedMs };
  }

  // The wait queue's turn: reserve the slot and sleep until it. A bulk caller asks only when
  // the tokens are (nearly) there, and sleeps in between; so does every caller of a store that
  // cannot reserve.
  async function takeWhenReady(turn: Turn<Grant>, signal: AbortSignal | undefined): Promise<Grant> {
    const { cost } = turn;
    const denied = turn.result && !turn.result.ok ? turn.result : undefined;
    let pauseMs =
      denied && turn.priority < 0
        ? (denied.waitMs ?? denied.retryAfterMs) - bulkHorizonMs - (clock.now() - turn.arrivedAt)
        : 0;
    for (;;) {
      if (pauseMs > 0) await clock.sleep(pauseMs, signal);
      signal?.throwIfAborted();
      const horizon = Math.max(0, Math.min(classHorizon(turn), leftOf(turn)));
      const result = await store.take(storeKey, request(cost, horizon), clock.now());
      if (result.ok) {
        const waitMs = result.waitMs ?? 0;
        const slot: Slot = {
          at: result.at + waitMs,
          readyAt: clock.now() + waitMs,
          reservation: result.reservation,
        };
        try {
          signal?.throwIfAborted();
          if (waitMs > 0) await clock.sleep(waitMs, signal);
        } catch (err) {
          await giveBack(slot, cost);
          throw err;
        }
        return grantAfter(turn, slot.at);
      }
      const refused = refusal(turn, result);
      if (refused) throw refused;
      // Refused short of the caller's limit: a bulk caller (or a store that cannot reserve).
      pauseMs =
        result.waitMs === undefined ? result.retryAfterMs : result.waitMs - classHorizon(turn);
      if (!(pauseMs > 0)) pauseMs = result.retryAfterMs;
    }
  }

  const pipeline = createTakePipeline<Grant>({
    take: (turn) => store.take(storeKey, request(turn.cost, turn.horizonMs), clock.now()),
    horizon: (turn) => Math.max(0, Math.min(classHorizon(turn), leftOf(turn))),
    refusal,
    queueBusy: () => queue.size > 0 || queue.pending > 0,
    enqueue: (turn) =>
      queue.add(({ signal }) => takeWhenReady(turn, signal), {
        priority: turn.priority,
        signal: turn.signal,
      }),
    // No caller is left to report a failed refund to: the slot is counted in unusedSlots.
    giveBack: (slot, cost) => void giveBack(slot, cost).catch(() => undefined),
    reserving: (active) => (active ? queue.pause() : queue.start()),
    now: () => clock.now(),
    sleep: (ms, signal) => clock.sleep(ms, signal),
  });
  const waitingCount = () => queue.size + queue.pending + pipeline.waiting;

  return {
    rate,
    burst,
    key,
    async acquire(opts = {}) {
      const cost = checkCost(opts.cost ?? 1);
      const priority = priorityOf(opts.priority);
      const { signal } = opts;
      const limit = opts.maxWaitMs === undefined ? undefined : maxWait(opts.maxWaitMs);
      signal?.throwIfAborted();
      const startedAt = clock.now();
      const turn = new Turn<Grant>(cost, priority, signal, startedAt);
      if (limit !== undefined) maxWaits.set(turn, limit);
      if (pipeline.enter(turn)) {
        let result: TakeResult | undefined;
        let error: unknown;
        try {
          result = await store.take(storeKey, request(cost, turn.horizonMs), startedAt);
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
          await giveBack(verdict.slot, cost);
          throw verdict.error;
        case 'granted': {
          if (verdict.handedOver) return grantAfter(turn, verdict.at);
          // Its own take went through at once: no wait, whatever the store's round trip was.
          granted++;
          return { at: verdict.at, waitedMs: 0 };
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
        unusedSlots,
      };
    },
  };
}

function maxWait(value: unknown): number {
  if (value === undefined || value === Number.POSITIVE_INFINITY) return Number.POSITIVE_INFINITY;
  return nonNegativeNumber('maxWaitMs', value);
}

function priorityOf(value: AcquirePriority | undefined): number {
  if (value === undefined || value === 'interactive') return 0;
  if (value === 'bulk') return -1;
  if (typeof value !== 'number' || !Number.isFinite(value))
    throw new InvalidOptionError(
      'priority',
      "must be 'interactive', 'bulk' or a finite number",
      value,
    );
  return value;
}
