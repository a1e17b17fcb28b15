// Canonical JSON (section 6.5): keys sorted, no spaces, non-ASCII raw, integers as integers.
// For these payloads it equals Python's json.dumps(sort_keys=True, separators=(",", ":"),
// ensure_ascii=False), so the seed's hashes are reproducible.
import { PolicyInputError } from '../errors.js';

export function canonicalJson(value: unknown, where = 'payload'): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new PolicyInputError(where, 'numbers must be finite');
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) {
        return `[${value.map((v, i) => canonicalJson(v, `${where}[${i}]`)).join(',')}]`;
      }
      const proto = Object.getPrototypeOf(value) as unknown;
      if (proto !== Object.prototype && proto !== null) {
        throw new PolicyInputError(where, 'must be plain JSON (no Date, Map, class instances)');
      }
      const entries = Object.entries(value as Record<string, unknown>)
        // Absent and undefined are the same thing, as in JSON.stringify.
        .filter(([, v]) => v !== undefined)
        // Python sorts by code point; JS default sort compares UTF-16 units: compare explicitly.
        .sort(([a], [b]) => compareCodePoints(a, b));
      return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v, `${where}.${k}`)}`).join(',')}}`;
    }
    default:
      throw new PolicyInputError(where, `cannot hash a ${typeof value}`);
  }
}

function compareCodePoints(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i]!.codePointAt(0)! - y[i]!.codePointAt(0)!;
    if (d !== 0) return d;
  }
  return x.length - y.length;
}
