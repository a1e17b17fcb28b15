import { chmod, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fileStore } from './file.js';

// Holds are the breaker's and the flood memory's state: an unreadable one must read as "held"
// (fail closed), never as "absent", and say once which file to fix.
let root: string;
let warnings: string[];
beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'tgmcp-file-unreadable-'));
  warnings = [];
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const make = () => fileStore({ dir: path.join(root, 'state'), onWarning: (m) => warnings.push(m) });

const corruptions: Array<[string, string]> = [
  ['not JSON', 'garbage'],
  ['empty', ''],
  ['truncated', '{"k":"breaker:acct","t":"hold","until":17'],
  ['of the wrong shape', JSON.stringify({ k: 'breaker:acct', t: 'hold', until: 'soon' })],
  ['of another kind', JSON.stringify({ k: 'breaker:acct', t: 'bucket', tat: 1 })],
  ['without its key', JSON.stringify({ t: 'hold', until: 1 })],
  ['for another key', JSON.stringify({ k: 'breaker:other', t: 'hold', until: 1 })],
  ['a JSON array', '[1,2,3]'],
];

describe('fileStore: unreadable holds fail closed', () => {
  it.each(corruptions)('a hold file %s reads as held for an unknown time', async (_, text) => {
    const store = make();
    const now = Date.now();
    await store.hold('breaker:acct', 1000, now);
    const file = path.join(store.dir, 'breaker%3aacct.json');
    await writeFile(file, text);
    expect(await store.holds(['breaker:acct', 'breaker:none'], now + 5000)).toEqual([
      Number.POSITIVE_INFINITY,
      0,
    ]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(file);
    expect(warnings[0]).toMatch(/delete .* once you are sure Telegram's wait has passed/);
  });

  it('warns once per file per process, not on every call, and again for another file', async () => {
    const store = make();
    const now = Date.now();
    await store.hold('a', 1000, now);
    await store.hold('b', 1000, now);
    await writeFile(path.join(store.dir, 'a.json'), '{');
    for (let i = 0; i < 5; i++) await store.holds(['a'], now);
    expect(warnings).toHaveLength(1);
    await writeFile(path.join(store.dir, 'b.json'), '{');
    expect(await store.holds(['a', 'b'], now)).toEqual([Infinity, Infinity]);
    expect(warnings).toHaveLength(2);
  });

  it('leaves the file in place for the operator; deleting it (or clearHold) resets the hold', async () => {
    const store = make();
    const now = Date.now();
    await store.hold('a', 1000, now);
    const file = path.join(store.dir, 'a.json');
    await writeFile(file, 'nonsense');
    expect(await store.holds(['a'], now)).toEqual([Infinity]);
    expect(await readdir(store.dir)).toContain('a.json');
    await rm(file);
    expect(await store.holds(['a'], now)).toEqual([0]);
    await writeFile(file, 'nonsense');
    await store.clearHold('a');
    expect(await store.holds(['a'], now)).toEqual([0]);
  });

  it('a hold path that cannot be read at all (a directory: EISDIR) is held too', async () => {
    const store = make();
    await store.hold('x', 1, Date.now());
    await rm(path.join(store.dir, 'x.json'));
    await mkdir(path.join(store.dir, 'x.json'));
    expect(await store.holds(['x'], Date.now())).toEqual([Infinity]);
    expect(warnings.join('\n')).toMatch(/EISDIR/);
  });

  it.skipIf(process.getuid?.() === 0)(
    'a hold file without read permission (EACCES) is held',
    async () => {
      const store = make();
      await store.hold('x', 1, Date.now());
      await chmod(path.join(store.dir, 'x.json'), 0o000);
      expect(await store.holds(['x'], Date.now())).toEqual([Infinity]);
      expect(warnings.join('\n')).toMatch(/EACCES/);
    },
  );

  it('a bucket or counter file that cannot be read fails the call with a typed error, once warned', async () => {
    const store = make();
    const now = Date.now();
    await mkdir(store.dir, { recursive: true });
    await mkdir(path.join(store.dir, 'bucket%3ak.json'));
    const take = () => store.take('bucket:k', { intervalMs: 1000, burst: 5, cost: 1 }, now);
    await expect(take()).rejects.toMatchObject({ code: 'STATE_UNREADABLE' });
    await expect(take()).rejects.toMatchObject({ code: 'STATE_UNREADABLE' });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(path.join(store.dir, 'bucket%3ak.json'));
  });
});
