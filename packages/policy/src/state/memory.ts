// An in-memory state store for tests and a single process. Values are copied in and out, so a
// caller can never change a stored record by mutating what it got back.
import {
  type JsonValue,
  REMOVE,
  type StateStore,
  type UpdateFn,
  applyUpdate,
  validKey,
} from './types.js';

const copy = <T>(v: T): T => (v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T));

export function memoryStateStore(): StateStore & { readonly kind: 'memory' } {
  const map = new Map<string, string>();
  return {
    kind: 'memory',
    get<T extends JsonValue>(key: string) {
      const raw = map.get(validKey(key));
      return Promise.resolve(raw === undefined ? undefined : (JSON.parse(raw) as T));
    },
    update<T extends JsonValue, R = T | undefined>(key: string, fn: UpdateFn<T, R>) {
      try {
        validKey(key);
        const raw = map.get(key);
        const current = raw === undefined ? undefined : (JSON.parse(raw) as T);
        const { next, result } = applyUpdate(current, fn(current));
        if (next === REMOVE) map.delete(key);
        else if (next !== undefined) map.set(key, JSON.stringify(next));
        return Promise.resolve(copy(result));
      } catch (err) {
        return Promise.reject(err instanceof Error ? err : new Error(String(err)));
      }
    },
    list<T extends JsonValue>(prefix: string) {
      const out = [...map.entries()]
        .filter(([k]) => k.startsWith(prefix))
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([key, raw]) => ({ key, value: JSON.parse(raw) as T }));
      return Promise.resolve(out);
    },
    delete(key: string) {
      return Promise.resolve(map.delete(validKey(key)));
    },
  };
}
