import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
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
    expect((await stat(path.join(dir, '.state-key'))).mode & 0o777).toBe(0o600);
    expect((await readdir(dir)).sort()).toEqual(['.state-key', 'approval%3ax.json']);
  });

  // Issue 16 item 4: a download into an overlapping media dir wrote `approval%3aapr_….json`.
  it('refuses a record it did not write: plausible JSON without a valid MAC', async () => {
    const warnings: string[] = [];
    const dir = await mkdtemp(path.join(root, 'planted-'));
    const s = fileStateStore({ dir, onWarning: (m) => warnings.push(m) });
    await s.update('approval:real', () => ({ status: 'pending' }));
    const file = s.fileFor('approval:apr_planted');
    await writeFile(
      file,
      JSON.stringify({ k: 'approval:apr_planted', v: { status: 'approved' } }),
      {
        mode: 0o600,
      },
    );
    await expect(s.get('approval:apr_planted')).rejects.toMatchObject({
      code: 'STATE_CORRUPT',
      file,
    });
    await expect(s.update('approval:apr_planted', (cur) => cur)).rejects.toBeInstanceOf(
      StateCorruptError,
    );
    expect(await s.list('approval:')).toEqual([
      { key: 'approval:real', value: { status: 'pending' } },
    ]);
    expect(warnings.filter((w) => w.includes(file)).length).toBeGreaterThanOrEqual(3);
    expect(warnings.every((w) => !w.includes('\n'))).toBe(true);
    expect((await stat(file)).size).toBeGreaterThan(0);
  });

  it('refuses a signed record whose value was edited, copied to another key, or signed with another key', async () => {
    const dir = await mkdtemp(path.join(root, 'tamper-'));
    const s = fileStateStore({ dir, onWarning: () => {} });
    await s.update('approval:a', () => ({ status: 'pending', n: 1 }));
    const signed = await readFile(s.fileFor('approval:a'), 'utf8');
    expect(JSON.parse(signed)).toMatchObject({ k: 'approval:a' });
    expect((JSON.parse(signed) as { mac: string }).mac).toMatch(/^[0-9a-f]{64}$/);

    await writeFile(s.fileFor('approval:b'), signed.replace('"approval:a"', '"approval:b"'), {
      mode: 0o600,
    });
    await writeFile(s.fileFor('approval:c'), signed, { mode: 0o600 });
    await writeFile(s.fileFor('approval:a'), signed.replace('pending', 'approved'));
    for (const k of ['approval:a', 'approval:b', 'approval:c']) {
      await expect(s.get(k)).rejects.toMatchObject({ code: 'STATE_CORRUPT' });
    }
    expect(await s.list('approval:')).toEqual([]);

    // Another state dir, another key: its records are not this store's.
    const other = fileStateStore({ dir: await mkdtemp(path.join(root, 'other-')) });
    await other.update('approval:d', () => ({ status: 'approved' }));
    await writeFile(s.fileFor('approval:d'), await readFile(other.fileFor('approval:d')));
    await expect(s.get('approval:d')).rejects.toMatchObject({ code: 'STATE_CORRUPT' });
  });

  it('stores on one dir share the key: each reads what the other wrote', async () => {
    const dir = await mkdtemp(path.join(root, 'shared-'));
    const stores = Array.from({ length: 6 }, () => fileStateStore({ dir }));
    // All race to create the key on their first call.
    await Promise.all(stores.map((s, i) => s.update(`k${i}`, () => i)));
    for (const s of stores) {
      expect((await s.list('k')).map((e) => e.value)).toEqual([0, 1, 2, 3, 4, 5]);
    }
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
