// Pure state transitions shared by the memory and file stores (the Redis store runs the same
// rules in Lua). Keeping one implementation means both local stores enforce the same envelope.

export interface BucketRecord {
  t: 'bucket';
  /** Theoretical arrival time (GCRA): the bucket is full when tat <= now. */
  tat: number;
}
export interface CounterRecord {
  t: 'counter';
  n: number;
  exp: number;
  /** Set when the count was lost to corruption: the period is treated as used up (fail closed). */
  exhausted?: true;
}
export interface HoldRecord {
  t: 'hold';
  until: number;
}
export type StoreRecord = BucketRecord | CounterRecord | HoldRecord;

import type {
  IncrementRequest,
  IncrementResult,
  RefundRequest,
  TakeRequest,
  TakeResult,
} from './types.js';

// Float slack when comparing sums of intervals: far below a microsecond.
const EPSILON_MS = 1e-6;

export interface Transition<R> {
  result: R;
  /** The new record; undefined means "leave the stored record as it is". null deletes it. */
  next?: StoreRecord | null;
}

export function takeTransition(
  record: BucketRecord | undefined,
  request: TakeRequest,
  now: number,
): Transition<TakeResult> {
  const { intervalMs, burst, cost } = request;
  const horizon = request.maxWaitMs ?? 0;
  const tat = Math.max(record?.tat ?? now, now);
  const capacityMs = burst * intervalMs;
  const newTat = tat + cost * intervalMs;
  // Until the slot where the tokens conform: > 0 means they are not there now.
  const slotIn = newTat - now - capacityMs;
  const waitMs = slotIn > EPSILON_MS ? slotIn : 0;
  if (waitMs > horizon + EPSILON_MS) {
    return {
      result: {
        ok: false,
        retryAfterMs: waitMs - horizon,
        remaining: Math.max(0, (capacityMs - (tat - now)) / intervalMs),
        at: now,
        waitMs,
      },
    };
  }
  const remaining = Math.max(0, (capacityMs - (newTat - now)) / intervalMs);
  if (cost === 0) return { result: { ok: true, retryAfterMs: 0, remaining, at: now, waitMs: 0 } };
  return {
    result: { ok: true, retryAfterMs: 0, remaining, at: now, waitMs, reservation: newTat },
    next: { t: 'bucket', tat: newTat },
  };
}

export function refundTransition(
  record: BucketRecord | undefined,
  request: RefundRequest,
  now: number,
): Transition<boolean> {
  const { reservation } = request;
  if (reservation !== undefined) {
    // Only the last reservation can go back: a later one was placed after its slot.
    if (!record || record.tat !== reservation) return { result: false };
    const tat = reservation - request.cost * request.intervalMs;
    return { result: true, next: tat <= now ? null : { t: 'bucket', tat } };
  }
  if (!record || record.tat <= now) return { result: false };
  return {
    result: true,
    next: { t: 'bucket', tat: Math.max(now, record.tat - request.cost * request.intervalMs) },
  };
}

export function incrementTransition(
  record: CounterRecord | undefined,
  request: IncrementRequest,
  now: number,
): Transition<IncrementResult> {
  const live = record && record.exp > now ? record : undefined;
  if (live?.exhausted) {
    // Count lost to corruption: refuse increments for the rest of the period.
    return { result: { ok: request.by <= 0, used: Math.max(live.n, request.limit) } };
  }
  const used = live?.n ?? 0;
  if (request.by <= 0) {
    const n = Math.max(0, used + request.by);
    return { result: { ok: true, used: n }, next: { t: 'counter', n, exp: request.expiresAtMs } };
  }
  if (used + request.by > request.limit) return { result: { ok: false, used } };
  const n = used + request.by;
  return { result: { ok: true, used: n }, next: { t: 'counter', n, exp: request.expiresAtMs } };
}

export function readCounterValue(record: CounterRecord | undefined, now: number): number {
  if (!record || record.exp <= now) return 0;
  return record.exhausted ? Number.POSITIVE_INFINITY : record.n;
}

export function holdTransition(
  record: HoldRecord | undefined,
  durationMs: number,
  now: number,
): Transition<number> {
  const until = Math.max(record?.until ?? 0, now + durationMs);
  return { result: until - now, next: { t: 'hold', until } };
}

export function holdRemaining(record: HoldRecord | undefined, now: number): number {
  return record ? Math.max(0, record.until - now) : 0;
}

/** What a store keeps for a key whose file could not be read: the safe side of each kind. */
export interface RecoveryHint {
  intervalMs?: number;
  burst?: number;
  expiresAtMs?: number;
}

export function recoveredRecord(
  kind: StoreRecord['t'],
  now: number,
  hint: RecoveryHint = {},
): StoreRecord {
  switch (kind) {
    case 'bucket':
      // Unknown usage: assume the bucket is empty, so recovery never grants a burst twice.
      return { t: 'bucket', tat: now + (hint.burst ?? 0) * (hint.intervalMs ?? 0) };
    case 'counter':
      // Unknown count: fail closed for the rest of the period rather than forget what was used.
      return { t: 'counter', n: 0, exp: hint.expiresAtMs ?? endOfUtcDay(now), exhausted: true };
    case 'hold':
      return { t: 'hold', until: 0 };
  }
}

function endOfUtcDay(now: number): number {
  const d = new Date(now);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1);
}

/** Validates a parsed record; returns undefined when it is not one. */
export function parseRecord(value: unknown): StoreRecord | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  const finite = (x: unknown) => typeof x === 'number' && Number.isFinite(x);
  switch (v.t) {
    case 'bucket':
      return finite(v.tat) ? { t: 'bucket', tat: v.tat as number } : undefined;
    case 'counter':
      if (!finite(v.n) || !finite(v.exp) || (v.n as number) < 0) return undefined;
      return v.exhausted === true
        ? { t: 'counter', n: v.n as number, exp: v.exp as number, exhausted: true }
        : { t: 'counter', n: v.n as number, exp: v.exp as number };
    case 'hold':
      return finite(v.until) ? { t: 'hold', until: v.until as number } : undefined;
    default:
      return undefined;
  }
}
