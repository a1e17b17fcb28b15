// The state store for policy records (approvals, idempotency claims, allowlist pins): JSON
// values under string keys, with an atomic per-key read-modify-write.

export type JsonValue =
  null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue | undefined };

const RESULT = Symbol('StateUpdate');

/** What an update function returns when the caller wants something other than the new value. */
export interface StateUpdate<T, R> {
  readonly [RESULT]: true;
  /** The new value; `undefined` leaves the record unchanged, `REMOVE` deletes it. */
  readonly value: T | undefined | typeof REMOVE;
  readonly result: R;
}

/** Returned by an update function (directly or as `value`) to delete the record. */
export const REMOVE: unique symbol = Symbol('REMOVE');

/** Builds an update that stores `value` (or leaves/deletes it) and makes `update()` return `result`. */
export function withResult<R>(value: undefined | typeof REMOVE, result: R): StateUpdate<never, R>;
export function withResult<T, R>(
  value: T | undefined | typeof REMOVE,
  result: R,
): StateUpdate<T, R>;
export function withResult<T, R>(
  value: T | undefined | typeof REMOVE,
  result: R,
): StateUpdate<T, R> {
  return { [RESULT]: true, value, result };
}

export function isStateUpdate(x: unknown): x is StateUpdate<unknown, unknown> {
  return typeof x === 'object' && x !== null && (x as Record<symbol, unknown>)[RESULT] === true;
}

/**
 * `fn` runs under the key's lock and must be synchronous and side-effect free: a store may run
 * it again after a conflict (Redis WATCH). It returns the next value, `undefined` (no change),
 * `REMOVE`, or `withResult(value, result)`. `update` resolves to `result`, or else to the value
 * stored after the call.
 */
export type UpdateFn<T, R> = (
  current: T | undefined,
) => T | undefined | typeof REMOVE | StateUpdate<T, R>;

export interface StateStore {
  readonly kind: 'memory' | 'file' | 'redis' | (string & {});
  get<T extends JsonValue>(key: string): Promise<T | undefined>;
  update<T extends JsonValue, R = T | undefined>(key: string, fn: UpdateFn<T, R>): Promise<R>;
  /** Records whose key starts with `prefix`, in key order. Read without locks: each is whole. */
  list<T extends JsonValue>(prefix: string): Promise<Array<{ key: string; value: T }>>;
  /** True when a record was deleted. */
  delete(key: string): Promise<boolean>;
  close?(): Promise<void>;
}

/** Applies an update function's return value to `current`. */
export function applyUpdate<T, R>(
  current: T | undefined,
  out: T | undefined | typeof REMOVE | StateUpdate<T, R>,
): { next: T | undefined | typeof REMOVE; result: R } {
  if (isStateUpdate(out)) {
    const u = out;
    const next = u.value;
    return { next, result: u.result };
  }
  const after = out === REMOVE ? undefined : out === undefined ? current : out;
  return { next: out, result: after as R };
}

export function validKey(key: string): string {
  if (typeof key !== 'string' || key.length === 0 || key.length > 512) {
    throw new TypeError('state key must be a string of 1-512 characters');
  }
  return key;
}
