import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fileNameForKey, lockedFileDir } from './locked-file-dir.js';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'tgmcp-core-dir-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

// The system clock (the default): two instances on one dir contend for the lock file like two
// processes, and wait in real time.
const make = (dir: string) => lockedFileDir({ dir });

const increment = (files: ReturnType<typeof make>, key: string) =>
  files.withLock(key, (f) => {
    const n = Number(f.read() ?? '0') + 1;
    f.write(String(n));
    return n;
  });

describe('lockedFileDir', () => {
  it('creates its directory 0700 (tightening a looser one) and writes files 0600', async () => {
    const dir = path.join(tempDir(), 'state');
    mkdirSync(dir, { mode: 0o755 });
    const files = make(dir);
    await increment(files, 'k');
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(files.fileFor('k')).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toEqual(['k.json']);
  });

  it('rejects a relative directory', () => {
    expect(() => make('data/state')).toThrow(/absolute/);
  });

  it('serializes updates of one key inside the process: none is lost', async () => {
    const files = make(path.join(tempDir(), 's'));
    const results = await Promise.all(Array.from({ length: 50 }, () => increment(files, 'c')));
    expect(results.sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
  });

  it("two instances on one directory wait out each other's lock and both get through", async () => {
    const dir = path.join(tempDir(), 's');
    const [a, b] = [make(dir), make(dir)];
    await Promise.all(Array.from({ length: 40 }, (_, i) => increment(i % 2 ? a : b, 'shared')));
    expect(await a.withLock('shared', (f) => f.read())).toBe('40');
  });

  it('a throwing body changes nothing and releases the lock', async () => {
    const files = make(path.join(tempDir(), 's'));
    await increment(files, 'k');
    await expect(
      files.withLock('k', (f) => {
        f.read();
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await increment(files, 'k')).toBe(2);
    expect(readdirSync(files.dir)).toEqual(['k.json']);
  });

  it('remove says whether there was a file', async () => {
    const files = make(path.join(tempDir(), 's'));
    await increment(files, 'k');
    expect(await files.withLock('k', (f) => f.remove())).toBe(true);
    expect(await files.withLock('k', (f) => f.remove({ durable: false }))).toBe(false);
  });

  it('prunes temp files older than a minute, nothing else', async () => {
    const files = make(path.join(tempDir(), 's'));
    await increment(files, 'k');
    const now = Date.now();
    const old = path.join(files.dir, 'k.json.123.abcd0123.tmp');
    const fresh = path.join(files.dir, 'k.json.124.abcd0124.tmp');
    writeFileSync(old, '{');
    writeFileSync(fresh, '{');
    utimesSync(old, new Date(now - 120_000), new Date(now - 120_000));
    expect(await files.pruneTempFiles(now)).toBe(1);
    expect(readdirSync(files.dir).sort()).toEqual(['k.json', path.basename(fresh)]);
  });
});

describe('fileNameForKey', () => {
  it('escapes anything but [A-Za-z0-9._-], keeping keys apart', () => {
    expect(fileNameForKey('flood:acct:chat:@some/chat')).toBe(
      'flood%3aacct%3achat%3a%40some%2fchat.json',
    );
    expect(fileNameForKey('p:ü c')).toBe('p%3a%fc%20c.json');
    expect(fileNameForKey('a/..')).toBe('a%2f...json');
  });

  it('shortens long keys with a digest, still distinct', () => {
    const a = fileNameForKey(`k:${'x'.repeat(400)}`);
    const b = fileNameForKey(`k:${'x'.repeat(401)}`);
    expect(a).not.toBe(b);
    expect(a.length).toBeLessThanOrEqual(180);
    expect(a).toMatch(/^k%3ax+~[0-9a-f]{32}\.json$/);
  });
});
