// Lean records: what a tool returns leaves out every null, false, 0, empty string, empty array
// and empty object (recursively), so a model reads data, not placeholders. Absent means null,
// false, 0 or empty; tool descriptions and the README say so.

type Leaned<V> =
  NonNullable<V> extends readonly unknown[]
    ? NonNullable<V>
    : NonNullable<V> extends object
      ? Lean<NonNullable<V>>
      : Exclude<V, null | undefined | false>;
type MaybeAbsent<T> = {
  [K in keyof T]-?: null extends T[K]
    ? K
    : undefined extends T[K]
      ? K
      : false extends T[K]
        ? K
        : never;
}[keyof T];

/**
 * `T` without its null/false values: those fields become optional, booleans only ever `true`.
 * Fields that cannot be null or false stay required (ids, titles: never empty or 0).
 */
export type Lean<T> = { [K in Exclude<keyof T, MaybeAbsent<T>>]: Leaned<T[K]> } & {
  [K in MaybeAbsent<T>]?: Leaned<T[K]>;
};

const isEmpty = (v: unknown): boolean =>
  v === null ||
  v === undefined ||
  v === false ||
  v === 0 ||
  v === '' ||
  (Array.isArray(v) && v.length === 0) ||
  (typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 0);

/** A copy of `record` without its null, false, 0 and empty values (nested objects too). */
export function lean<T extends object>(record: T): Lean<T> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record as Record<string, unknown>)) {
    const v =
      typeof value === 'object' && value !== null && !Array.isArray(value) ? lean(value) : value;
    if (!isEmpty(v)) out[key] = v;
  }
  return out as Lean<T>;
}
