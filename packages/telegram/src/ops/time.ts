// Telegram dates are unix seconds; ours are ISO 8601 (UTC) with the seconds beside them.
export const iso = (unix: number): string => new Date(unix * 1000).toISOString();
export const isoOrNull = (unix: number | undefined | null): string | null =>
  typeof unix === 'number' && unix > 0 ? iso(unix) : null;
/** gramjs longs (big-integer) and plain numbers to a JS number (sizes, counts). */
export function toNumber(
  v: number | bigint | { toString(): string } | undefined | null,
): number | null {
  if (v === undefined || v === null) return null;
  return typeof v === 'number' ? v : Number(v.toString());
}
