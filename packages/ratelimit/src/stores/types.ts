// The one small interface every store implements. Each method is atomic per key: memory by
// construction, file through a per-key lock file, Redis through a Lua script.

/** A token bucket in GCRA form: one token every `intervalMs`, at most `burst` tokens at once. */
export interface BucketSpec {
  intervalMs: number;
  burst: number;
}

export interface TakeRequest extends BucketSpec {
  /** Tokens to take; 0 only reads the bucket and changes nothing. */
  cost: number;
  /**
   * Reservation horizon (ms). 0 (the default): take only tokens that are there now. Above 0:
   * when they are not, reserve the next slot if it lies at most this far ahead: the bucket's
   * theoretical arrival time advances at once, and the caller may use the tokens after `waitMs`.
   * `Infinity`: no horizon.
   */
  maxWaitMs?: number;
}

/** A refund; with `reservation`, only if that reservation is still the bucket's last one. */
export interface RefundRequest extends TakeRequest {
  /** `TakeResult.reservation` of the take being given back. */
  reservation?: number;
}

export interface TakeResult {
  ok: boolean;
  /** When not ok: how long until `cost` tokens will be there (ms). 0 when ok. */
  retryAfterMs: number;
  /** Tokens left after this call (fractional). */
  remaining: number;
  /** The store's time of the decision (ms since epoch); Redis reports server time. */
  at: number;
  /**
   * How long until the slot (ms, from the decision). Ok: the reserved slot (0 when the tokens
   * were there now); the tokens may be used from `at + waitMs`. Not ok: where the slot would
   * have been (beyond `maxWaitMs`). Undefined from a store that cannot reserve (callers poll).
   */
  waitMs?: number;
  /** Ok with cost > 0: identifies this reservation for a conditional `refund`. */
  reservation?: number;
}

export interface IncrementRequest {
  /** Amount to add; a negative amount refunds (never below 0, never blocked). */
  by: number;
  /** The increment is refused when it would take the counter above this. */
  limit: number;
  /** When the counter's period ends and it may be forgotten (ms since epoch). */
  expiresAtMs: number;
}

export interface IncrementResult {
  ok: boolean;
  /** The counter's value after the call (unchanged when refused). */
  used: number;
}

/**
 * The store contract. `nowMs` is the caller's clock; a store with a shared clock of its own
 * (Redis: server `TIME`) uses that instead so many hosts agree on one timeline. Durations that
 * come back (`retryAfterMs`, remaining hold) are relative, so callers never mix clocks.
 */
export interface RateLimitStore {
  readonly kind: 'memory' | 'file' | 'redis' | (string & {});
  take(key: string, request: TakeRequest, nowMs: number): Promise<TakeResult>;
  /**
   * Gives back tokens taken by a `take` whose caller did not use them. With `reservation`, only
   * when no later reservation was made (a later one may already count on the slot; giving it
   * back then would grant it twice): resolves true when given back, false when left unused.
   */
  refund(key: string, request: RefundRequest, nowMs: number): Promise<boolean | void>;
  increment(key: string, request: IncrementRequest, nowMs: number): Promise<IncrementResult>;
  readCounter(key: string, nowMs: number): Promise<number>;
  /** Extends the hold on `key` to at least `durationMs` from now; returns the remaining ms. */
  hold(key: string, durationMs: number, nowMs: number): Promise<number>;
  /**
   * Remaining ms of each hold (0 when none or expired), in the order of `keys`. A hold whose
   * state exists but cannot be read is `Infinity` (held for an unknown time: fail closed).
   */
  holds(keys: readonly string[], nowMs: number): Promise<number[]>;
  clearHold(key: string): Promise<void>;
  /** Holds still running whose key starts with `prefix` (for stats; not on a hot path). */
  listHolds(prefix: string, nowMs: number): Promise<Array<{ key: string; remainingMs: number }>>;
  close?(): Promise<void>;
}
