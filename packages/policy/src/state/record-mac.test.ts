import { lstat, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fileStateStore } from './file.js';
import { STATE_KEY_BYTES, loadOrCreateStateKey, recordMac } from './record-mac.js';

const root = await mkdtemp(path.join(tmpdir(), 'tgmcp-policy-mac-'));
afterAll(() => rm(root, { recursive: true, force: true }));
const fixedRandom = (fill: number) => ({ bytes: (n: number) => new Uint8Array(n).fill(fill) });

describe('record MAC', () => {
  const mac = recordMac(new Uint8Array(32).fill(7));

  it('binds the key and the value', () => {
    const sig = mac.sign('approval:a', { status: 'pending' });
    expect(sig).toMatch(/^[0-9a-f]{64}$/);
    expect(mac.verify('approval:a', { status: 'pending' }, sig)).toBe(true);
    expect(mac.verify('approval:b', { status: 'pending' }, sig)).toBe(false);
    expect(mac.verify('approval:a', { status: 'approved' }, sig)).toBe(false);
    expect(
      recordMac(new Uint8Array(32).fill(8)).verify('approval:a', { status: 'pending' }, sig),
    ).toBe(false);
    for (const bad of [undefined, '', 'zz', sig.toUpperCase(), sig.slice(1), 42]) {
      expect(mac.verify('approval:a', { status: 'pending' }, bad)).toBe(false);
    }
  });
});

describe('state key file', () => {
  it('is created once, 0600, 32 bytes; a second load reads the same key', async () => {
    const file = path.join(await mkdtemp(path.join(root, 'k-')), '.state-key');
    const warn = () => {};
    const first = await loadOrCreateStateKey(file, fixedRandom(1), warn);
    const second = await loadOrCreateStateKey(file, fixedRandom(2), warn);
    expect(first).toEqual(Buffer.alloc(STATE_KEY_BYTES, 1));
    expect(second).toEqual(first);
    expect((await lstat(file)).mode & 0o777).toBe(0o600);
    expect(await readFile(file)).toEqual(first);
  });

  it('racing creators all end up with the one key that won', async () => {
    const file = path.join(await mkdtemp(path.join(root, 'race-')), '.state-key');
    const keys = await Promise.all(
      Array.from({ length: 8 }, (_, i) => loadOrCreateStateKey(file, fixedRandom(i + 1), () => {})),
    );
    for (const k of keys) expect(k).toEqual(keys[0]);
  });

  it('a symlink or a file of the wrong size is refused: the store fails closed', async () => {
    const dir = await mkdtemp(path.join(root, 'bad-'));
    const keyFile = path.join(dir, 'key');
    await symlink('/etc/hostname', keyFile);
    const s = fileStateStore({ dir: path.join(dir, 'state'), keyFile });
    await expect(s.get('x')).rejects.toMatchObject({ code: 'STATE_CORRUPT' });
    await expect(s.update('x', () => 1)).rejects.toMatchObject({ code: 'STATE_CORRUPT' });
    await rm(keyFile);
    await writeFile(keyFile, 'short', { mode: 0o600 });
    await expect(s.list('')).rejects.toMatchObject({ code: 'STATE_CORRUPT' });
    // Fixed by the operator: the store starts working without a restart.
    await rm(keyFile);
    expect(await s.update('x', () => 1)).toBe(1);
  });

  it('never appears in warnings or errors', async () => {
    const dir = await mkdtemp(path.join(root, 'quiet-'));
    const warnings: string[] = [];
    const s = fileStateStore({ dir, onWarning: (m) => warnings.push(m) });
    await s.update('a', () => 1);
    await writeFile(s.fileFor('b'), '{"k":"b","v":2,"mac":"00"}');
    const err = await s.get('b').then(
      () => 'no error',
      (e: Error) => e.message,
    );
    expect(err).toContain('MAC');
    const key = (await readFile(path.join(dir, '.state-key'))).toString('hex');
    expect(`${err} ${warnings.join(' ')}`).not.toContain(key);
    expect(`${err} ${warnings.join(' ')}`).not.toContain(key.slice(0, 16));
  });
});
