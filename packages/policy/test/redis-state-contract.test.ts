// One state-store contract, run against memory, file and a real Redis server; then what only
// the Redis store has (conflicts between hosts, an async update, key prefixes).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import {
  type JsonValue,
  REMOVE,
  type StateStore,
  StateCorruptError,
  StateLockTimeoutError,
  type UpdateFn,
  fileStateStore,
  memoryStateStore,
  withResult,
} from '../src/index.js';
import { redisStateStore } from '../src/state/redis.js';
import { dropPrefix, startTestRedis } from './helpers/redis.js';

const redis = await startTestRedis('policy tests');
const clients: Redis[] = [];
const root = await mkdtemp(path.join(tmpdir(), 'tgmcp-policy-contract-'));

const prefixes: string[] = [];

afterAll(async () => {
  if (clients[0]) for (const p of prefixes) await dropPrefix(clients[0], p);
  for (const c of clients) c.disconnect();
  await rm(root, { recursive: true, force: true });
  await redis?.stop();
});

const newClient = () => {
  const client = new Redis(redis!.url);
  clients.push(client);
  return client;
};
const uniquePrefix = () => {
  const prefix = `test:${process.pid}:${Math.random().toString(36).slice(2)}:`;
  prefixes.push(prefix);
  return prefix;
};

interface Subject {
  store: StateStore;
  warnings: string[];
  /** Puts an unreadable record under `key`, as a crash or a person could; undefined: cannot. */
  corrupt?: (key: string) => Promise<void>;
  /**
   * Puts a well-formed record the store did not write under `key` (a planted file); undefined
   * where nothing but the store can write records (memory; Redis, whose records no download can
   * reach: access to Redis is the boundary there, so its records carry no MAC).
   */
  plant?: (key: string, value: JsonValue) => Promise<void>;
}

const factories: Array<[string, (() => Promise<Subject>) | null]> = [
  ['memory', () => Promise.resolve({ store: memoryStateStore(), warnings: [] })],
  [
    'file',
    async () => {
      const warnings: string[] = [];
      const store = fileStateStore({
        dir: await mkdtemp(path.join(root, 's-')),
        onWarning: (m) => warnings.push(m),
      });
      const corrupt = (key: string) =>
        writeFile(store.fileFor(key), `{"k":${JSON.stringify(key)},"v":{"st`, { mode: 0o600 });
      const plant = (key: string, value: JsonValue) =>
        writeFile(store.fileFor(key), JSON.stringify({ k: key, v: value }), { mode: 0o600 });
      return { store, warnings, corrupt, plant };
    },
  ],
  [
    'redis',
    redis
      ? () => {
          const warnings: string[] = [];
          const client = newClient();
          const prefix = uniquePrefix();
          const store = redisStateStore({ client, prefix, onWarning: (m) => warnings.push(m) });
          const corrupt = async (key: string) => {
            await client.set(prefix + key, '{"st');
          };
          return Promise.resolve({ store, warnings, corrupt });
        }
      : null,
  ],
];

const inc = (n: number | undefined) => (n ?? 0) + 1;
// The file store throws a bad key synchronously, the others reject: the contract is "fails".
const attempt = <T>(op: () => Promise<T>) => Promise.resolve().then(op);

describe.each(factories)('%s state store contract', (_name, make) => {
  const maybe = make ? it : it.skip;

  maybe('get/update/delete round-trip', async () => {
    const { store: s } = await make!();
    expect(await s.get('a')).toBeUndefined();
    expect(await s.update<{ n: number }>('a', (cur) => ({ n: (cur?.n ?? 0) + 1 }))).toEqual({
      n: 1,
    });
    expect(await s.update<{ n: number }>('a', (cur) => ({ n: (cur?.n ?? 0) + 1 }))).toEqual({
      n: 2,
    });
    expect(await s.get('a')).toEqual({ n: 2 });
    expect(await s.delete('a')).toBe(true);
    expect(await s.delete('a')).toBe(false);
    expect(await s.get('a')).toBeUndefined();
  });

  maybe(
    'undefined leaves the record, REMOVE deletes it, withResult returns its result',
    async () => {
      const { store: s } = await make!();
      await s.update('k', () => 'v');
      expect(await s.update('k', () => undefined)).toBe('v');
      expect(
        await s.update('k', (cur) => withResult(undefined, `seen ${JSON.stringify(cur)}`)),
      ).toBe('seen "v"');
      expect(await s.get('k')).toBe('v');
      expect(await s.update('k', () => withResult('w', 42))).toBe(42);
      expect(await s.get('k')).toBe('w');
      expect(await s.update('k', () => withResult(REMOVE, { gone: 'w' }))).toEqual({ gone: 'w' });
      expect(await s.get('k')).toBeUndefined();
      await s.update('k', () => 'x');
      expect(await s.update('k', () => REMOVE)).toBeUndefined();
      expect(await s.get('k')).toBeUndefined();
    },
  );

  maybe('on an absent record: undefined and REMOVE create nothing', async () => {
    const { store: s } = await make!();
    const seen: unknown[] = [];
    expect(await s.update('none', (cur) => (seen.push(cur), undefined))).toBeUndefined();
    expect(await s.update('none', () => REMOVE)).toBeUndefined();
    expect(await s.update('none', () => withResult(REMOVE, 'nothing'))).toBe('nothing');
    expect(await s.update('none', () => withResult(undefined, 7))).toBe(7);
    expect(seen).toEqual([undefined]);
    expect(await s.get('none')).toBeUndefined();
    expect(await s.list('none')).toEqual([]);
  });

  maybe('null, false, 0 and "" are values, not absence', async () => {
    const { store: s } = await make!();
    const values: JsonValue[] = [null, false, 0, '', [], {}];
    for (const [i, v] of values.entries()) {
      expect(await s.update(`z${i}`, () => v)).toEqual(v);
      expect(await s.get(`z${i}`)).toEqual(v);
      expect(await s.update(`z${i}`, (cur) => withResult(undefined, cur === undefined))).toBe(
        false,
      );
    }
    expect((await s.list('z')).map((e) => e.value)).toEqual(values);
  });

  maybe('a throwing update changes nothing and rejects', async () => {
    const { store: s } = await make!();
    await s.update('k', () => ({ x: 1 }));
    await expect(
      s.update('k', () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await s.get('k')).toEqual({ x: 1 });
    // The key is not left locked or queued behind the failure.
    expect(await s.update<{ x: number }>('k', (c) => ({ x: c!.x + 1 }))).toEqual({ x: 2 });
  });

  maybe(
    'values are copies: mutating what was read or returned does not change the store',
    async () => {
      const { store: s } = await make!();
      const v = await s.update<{ list: number[] }>('k', () => ({ list: [1] }));
      v!.list.push(2);
      const got = await s.get<{ list: number[] }>('k');
      got!.list.push(3);
      expect(await s.get('k')).toEqual({ list: [1] });
    },
  );

  maybe('list returns records by prefix in key order; keys with any characters', async () => {
    const { store: s } = await make!();
    for (const k of ['p:b', 'p:a/..', 'q:x', 'p:ü c', 'p*:[x]?\\', 'p']) await s.update(k, () => k);
    const listed = await s.list('p:');
    expect(listed.map((e) => e.key)).toEqual(['p:a/..', 'p:b', 'p:ü c']);
    expect(listed.map((e) => e.value)).toEqual(['p:a/..', 'p:b', 'p:ü c']);
    // Glob characters in a prefix are literal.
    expect((await s.list('p*:[')).map((e) => e.key)).toEqual(['p*:[x]?\\']);
    expect((await s.list('')).map((e) => e.key)).toEqual([
      'p',
      'p*:[x]?\\',
      'p:a/..',
      'p:b',
      'p:ü c',
      'q:x',
    ]);
    expect(await s.list('nothing:')).toEqual([]);
  });

  maybe('list sees every record of a large prefix once', async () => {
    const { store: s } = await make!();
    const keys = Array.from({ length: 1200 }, (_, i) => `many:${String(i).padStart(4, '0')}`);
    await Promise.all(keys.map((k, i) => s.update(k, () => i)));
    const listed = await s.list<number>('many:');
    expect(listed.map((e) => e.key)).toEqual(keys);
    expect(listed.map((e) => e.value)).toEqual(keys.map((_, i) => i));
  });

  maybe('serializes concurrent updates in one process', async () => {
    const { store: s } = await make!();
    await Promise.all(Array.from({ length: 50 }, () => s.update<number>('c', inc)));
    expect(await s.get('c')).toBe(50);
  });

  maybe('refuses an empty or over-long key', async () => {
    const { store: s } = await make!();
    for (const bad of ['', 'x'.repeat(513)]) {
      await expect(attempt(() => s.get(bad))).rejects.toBeInstanceOf(TypeError);
      await expect(attempt(() => s.update(bad, () => 1))).rejects.toBeInstanceOf(TypeError);
      await expect(attempt(() => s.delete(bad))).rejects.toBeInstanceOf(TypeError);
    }
    expect(await s.update('x'.repeat(512), () => 1)).toBe(1);
  });

  maybe(
    'fails closed on a corrupt record: throws, keeps it, list skips it with a warning',
    async () => {
      const { store: s, warnings, corrupt } = await make!();
      if (!corrupt) return; // memory holds only what it serialized itself
      await s.update('idem:ok', () => 1);
      await corrupt('idem:x');
      await expect(s.get('idem:x')).rejects.toBeInstanceOf(StateCorruptError);
      let ran = false;
      await expect(s.update('idem:x', () => ((ran = true), 1))).rejects.toMatchObject({
        code: 'STATE_CORRUPT',
        key: 'idem:x',
      });
      expect(ran).toBe(false);
      expect(await s.list('idem:')).toEqual([{ key: 'idem:ok', value: 1 }]);
      expect(warnings.join()).toContain('unreadable');
      // Still there for a person to inspect; deleting it is the way out.
      await expect(s.get('idem:x')).rejects.toBeInstanceOf(StateCorruptError);
      expect(await s.delete('idem:x')).toBe(true);
      expect(await s.update('idem:x', () => 2)).toBe(2);
    },
  );

  maybe('a well-formed record it did not write fails closed like a corrupt one', async () => {
    const { store: s, warnings, plant } = await make!();
    if (!plant) return;
    await s.update('approval:ok', () => ({ status: 'pending' }));
    await plant('approval:planted', { status: 'approved' });
    await expect(s.get('approval:planted')).rejects.toMatchObject({ code: 'STATE_CORRUPT' });
    let ran = false;
    await expect(s.update('approval:planted', () => ((ran = true), 1))).rejects.toBeInstanceOf(
      StateCorruptError,
    );
    expect(ran).toBe(false);
    expect((await s.list('approval:')).map((e) => e.key)).toEqual(['approval:ok']);
    expect(warnings.join('\n')).toContain('planted');
    expect(await s.delete('approval:planted')).toBe(true);
    expect(await s.get('approval:planted')).toBeUndefined();
  });
});

describe.skipIf(!redis)('redis state store', () => {
  it('update is atomic between hosts: a conflicting write makes fn run again on the new value', async () => {
    const prefix = uniquePrefix();
    const a = redisStateStore({ client: newClient(), prefix });
    const b = redisStateStore({ client: newClient(), prefix });
    await a.update('n', () => 0);
    const seen: number[] = [];
    // Another host writes between this host's read and its write.
    const racing = (async (cur: number) => {
      seen.push(cur);
      if (seen.length === 1) await b.update<number>('n', (x) => x! + 100);
      return cur + 1;
    }) as unknown as UpdateFn<number, number>;
    expect(await a.update('n', racing)).toBe(101);
    expect(seen).toEqual([0, 100]);
    expect(await b.get('n')).toBe(101);
  });

  it('a delete and re-create with the same text in between is not a conflict (no ABA)', async () => {
    const prefix = uniquePrefix();
    const a = redisStateStore({ client: newClient(), prefix });
    const b = redisStateStore({ client: newClient(), prefix });
    await a.update('k', () => ({ v: 1 }));
    let calls = 0;
    const fn = (async (cur: { v: number }) => {
      if (calls++ === 0) {
        await b.delete('k');
        await b.update('k', () => ({ v: 1 }));
      }
      return { v: cur.v + 1 };
    }) as unknown as UpdateFn<{ v: number }, { v: number }>;
    expect(await a.update('k', fn)).toEqual({ v: 2 });
    expect(calls).toBe(1);
  });

  it('an async update function is awaited and stores its value', async () => {
    const s = redisStateStore({ client: newClient(), prefix: uniquePrefix() });
    const fn = (async (cur: number | undefined) => {
      await new Promise((r) => setImmediate(r));
      return withResult((cur ?? 0) + 5, 'done');
    }) as unknown as UpdateFn<number, string>;
    expect(await s.update('k', fn)).toBe('done');
    expect(await s.get('k')).toBe(5);
  });

  it('gives up with StateLockTimeoutError when it keeps losing, leaving the winner value', async () => {
    const prefix = uniquePrefix();
    const a = redisStateStore({ client: newClient(), prefix, conflictTimeoutMs: 100 });
    const b = redisStateStore({ client: newClient(), prefix });
    let runs = 0;
    const alwaysLoses = (async (cur: number | undefined) => {
      runs++;
      await b.update<number>('k', inc);
      return (cur ?? 0) + 1000;
    }) as unknown as UpdateFn<number, number>;
    const err = await a.update('k', alwaysLoses).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StateLockTimeoutError);
    expect(err).toMatchObject({ code: 'STATE_LOCK_TIMEOUT', retryAfterSec: 1 });
    expect(await b.get('k')).toBe(runs);
    // The key is usable again at once.
    expect(await a.update<number>('k', inc)).toBe(runs + 1);
  });

  it('keeps records under its prefix, as plain JSON, and lists only its own', async () => {
    const client = newClient();
    const prefix = uniquePrefix();
    const s = redisStateStore({ client, prefix });
    const other = redisStateStore({ client, prefix: `${prefix}other:` });
    await s.update('approval:1', () => ({ status: 'pending' }));
    await other.update('approval:2', () => 'x');
    expect(await client.get(`${prefix}approval:1`)).toBe('{"status":"pending"}');
    expect((await other.list('approval:')).map((e) => e.key)).toEqual(['approval:2']);
    expect(await other.get('approval:1')).toBeUndefined();
    expect(redisStateStore({ client }).prefix).toBe('tgmcp:policy:');
  });

  it('a key of another Redis type is corrupt, never absent', async () => {
    const client = newClient();
    const prefix = uniquePrefix();
    const s = redisStateStore({ client, prefix, onWarning: () => {} });
    await client.hset(`${prefix}idem:h`, 'v', '1');
    await expect(s.get('idem:h')).rejects.toBeInstanceOf(StateCorruptError);
    await expect(s.update('idem:h', () => 1)).rejects.toMatchObject({ code: 'STATE_CORRUPT' });
    expect(await client.type(`${prefix}idem:h`)).toBe('hash');
  });

  it('refuses something that is not a Redis client', () => {
    expect(() => redisStateStore({ client: {} as never })).toThrow(/ioredis/);
  });
});
