import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  type StateStore,
  REMOVE,
  StateCorruptError,
  fileStateStore,
  memoryStateStore,
  withResult,
} from '../index.js';

const root = await mkdtemp(path.join(tmpdir(), 'tgmcp-policy-state-'));
afterAll(() => rm(root, { recursive: true, force: true }));

const stores: Array<[string, () => Promise<StateStore>]> = [
  ['memory', () => Promise.resolve(memoryStateStore())],
  [
    'file',
    async () => fileStateStore({ dir: await mkdtemp(path.join(root, 's-')), onWarning: () => {} }),
  ],
];

describe.each(stores)('%s state store', (_name, make) => {
  it('get/update/delete round-trip', async () => {
    const s = await make();
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

  it('undefined leaves the record, REMOVE deletes it, withResult returns its result', async () => {
    const s = await make();
    await s.update('k', () => 'v');
    expect(await s.update('k', () => undefined)).toBe('v');
    expect(await s.update('k', (cur) => withResult(undefined, `seen ${JSON.stringify(cur)}`))).toBe(
      'seen "v"',
    );
    expect(await s.get('k')).toBe('v');
    expect(await s.update('k', () => withResult('w', 42))).toBe(42);
    expect(await s.get('k')).toBe('w');
    expect(await s.update('k', () => REMOVE)).toBeUndefined();
    expect(await s.get('k')).toBeUndefined();
  });

  it('a throwing update changes nothing and rejects', async () => {
    const s = await make();
    await s.update('k', () => ({ x: 1 }));
    await expect(
      s.update('k', () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await s.get('k')).toEqual({ x: 1 });
  });

  it('values are copies: mutating a result does not change the store', async () => {
    const s = await make();
    const v = await s.update<{ list: number[] }>('k', () => ({ list: [1] }));
    v!.list.push(2);
    expect(await s.get('k')).toEqual({ list: [1] });
  });

  it('list returns records by prefix in key order; keys with any characters', async () => {
    const s = await make();
    for (const k of ['p:b', 'p:a/..', 'q:x', 'p:ü c']) await s.update(k, () => k);
    const listed = await s.list('p:');
    expect(listed.map((e) => e.key)).toEqual(['p:a/..', 'p:b', 'p:ü c']);
    expect(listed.map((e) => e.value)).toEqual(['p:a/..', 'p:b', 'p:ü c']);
  });

  it('serializes concurrent updates in one process', async () => {
    const s = await make();
    await Promise.all(Array.from({ length: 50 }, () => s.update<number>('c', (n) => (n ?? 0) + 1)));
    expect(await s.get('c')).toBe(50);
  });
});

describe('file state store', () => {
  it('creates the dir 0700 and files 0600, and leaves no temp or lock files', async () => {
    const dir = path.join(await mkdtemp(path.join(root, 'perm-')), 'state');
    const s = fileStateStore({ dir });
    await s.update('approval:x', () => ({ a: 1 }));
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
    expect((await stat(s.fileFor('approval:x'))).mode & 0o777).toBe(0o600);
    expect(await readdir(dir)).toEqual(['approval%3ax.json']);
  });

  it('fails closed on a corrupt record: throws, keeps the file, list skips it', async () => {
    const warnings: string[] = [];
    const s = fileStateStore({
      dir: await mkdtemp(path.join(root, 'bad-')),
      onWarning: (m) => warnings.push(m),
    });
    await writeFile(s.fileFor('idem:x'), '{"k":"idem:x","v":{"st', { mode: 0o600 });
    await expect(s.get('idem:x')).rejects.toBeInstanceOf(StateCorruptError);
    await expect(s.update('idem:x', () => 1)).rejects.toMatchObject({ code: 'STATE_CORRUPT' });
    expect(await s.list('idem:')).toEqual([]);
    expect(warnings.join()).toContain('unreadable');
    // Still there for a person to inspect.
    expect((await stat(s.fileFor('idem:x'))).size).toBeGreaterThan(0);
  });

  it('refuses a relative directory', () => {
    expect(() => fileStateStore({ dir: 'data/state' })).toThrow(/absolute/);
  });
});
