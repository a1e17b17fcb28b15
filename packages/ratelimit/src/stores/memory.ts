// In-process store: a Map. For tests and single-process programs; nothing is shared or kept.
import {
  type BucketRecord,
  type CounterRecord,
  type HoldRecord,
  type StoreRecord,
  holdRemaining,
  holdTransition,
  incrementTransition,
  readCounterValue,
  refundTransition,
  takeTransition,
} from './transitions.js';
import type { RateLimitStore } from './types.js';

export interface MemoryStore extends RateLimitStore {
  readonly kind: 'memory';
  /** Number of keys held (expired counters and holds are dropped when next touched). */
  readonly size: number;
}

export function memoryStore(): MemoryStore {
  const records = new Map<string, StoreRecord>();
  const get = <R extends StoreRecord>(key: string, t: R['t']): R | undefined => {
    const r = records.get(key);
    return r && r.t === t ? (r as R) : undefined;
  };
  const put = (key: string, next: StoreRecord | null | undefined) => {
    if (next === null) records.delete(key);
    else if (next) records.set(key, next);
  };

  return {
    kind: 'memory',
    get size() {
      return records.size;
    },
    take(key, request, nowMs) {
      const { result, next } = takeTransition(get<BucketRecord>(key, 'bucket'), request, nowMs);
      put(key, next);
      return Promise.resolve(result);
    },
    refund(key, request, nowMs) {
      const { result, next } = refundTransition(get<BucketRecord>(key, 'bucket'), request, nowMs);
      put(key, next);
      return Promise.resolve(result);
    },
    increment(key, request, nowMs) {
      const { result, next } = incrementTransition(
        get<CounterRecord>(key, 'counter'),
        request,
        nowMs,
      );
      put(key, next);
      return Promise.resolve(result);
    },
    readCounter(key, nowMs) {
      return Promise.resolve(readCounterValue(get<CounterRecord>(key, 'counter'), nowMs));
    },
    hold(key, durationMs, nowMs) {
      const { result, next } = holdTransition(get<HoldRecord>(key, 'hold'), durationMs, nowMs);
      put(key, next);
      return Promise.resolve(result);
    },
    holds(keys, nowMs) {
      return Promise.resolve(
        keys.map((key) => {
          const rec = get<HoldRecord>(key, 'hold');
          const remaining = holdRemaining(rec, nowMs);
          if (rec && remaining === 0) records.delete(key);
          return remaining;
        }),
      );
    },
    listHolds(prefix, nowMs) {
      const out: Array<{ key: string; remainingMs: number }> = [];
      for (const [key, rec] of records) {
        if (rec.t !== 'hold' || !key.startsWith(prefix)) continue;
        const remainingMs = holdRemaining(rec, nowMs);
        if (remainingMs > 0) out.push({ key, remainingMs });
      }
      return Promise.resolve(out);
    },
    clearHold(key) {
      records.delete(key);
      return Promise.resolve();
    },
  };
}
