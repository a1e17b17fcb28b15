// Small readers of what code under test produced.

/** Every item of an async iterable, in order. */
export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of items) out.push(x);
  return out;
}

/** Every string anywhere in a JSON value, with its path (`$.a[0].b`). */
export function stringLeaves(value: unknown, at = '$'): Array<[path: string, value: string]> {
  if (typeof value === 'string') return [[at, value]];
  if (Array.isArray(value)) return value.flatMap((x, i) => stringLeaves(x, `${at}[${i}]`));
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([k, x]) => stringLeaves(x, `${at}.${k}`));
  return [];
}
