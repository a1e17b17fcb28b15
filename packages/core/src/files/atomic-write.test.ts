import {
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  removeFileSync,
  tempFileFor,
  writeFileAtomic,
  writeFileAtomicSync,
  writeTempFileSync,
} from './atomic-write.js';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'tgmcp-core-atomic-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const fixedRandom = { bytes: (n: number) => new Uint8Array(n).fill(0xab) };

describe.each([
  ['writeFileAtomicSync', (f: string, d: string, o?: object) => writeFileAtomicSync(f, d, o)],
  ['writeFileAtomic', (f: string, d: string, o?: object) => writeFileAtomic(f, d, o)],
] as const)('%s', (_name, write) => {
  it('creates a 0600 file, replaces it whole, and leaves no temp file', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'a.json');
    await write(file, '{"n":1}');
    expect(readFileSync(file, 'utf8')).toBe('{"n":1}');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    await write(file, '{"n":2}', { durable: false });
    expect(readFileSync(file, 'utf8')).toBe('{"n":2}');
    expect(readdirSync(dir)).toEqual(['a.json']);
  });

  it('takes the mode it is given', async () => {
    const file = path.join(tempDir(), 'm');
    await write(file, 'x', { mode: 0o640 });
    expect(statSync(file).mode & 0o777).toBe(0o640);
  });

  it('replaces a symlink planted at the target instead of writing through it', async () => {
    const dir = tempDir();
    const victim = path.join(dir, 'victim');
    writeFileSync(victim, 'keep me');
    const file = path.join(dir, 'record.json');
    symlinkSync(victim, file);
    await write(file, 'state');
    expect(readFileSync(victim, 'utf8')).toBe('keep me');
    expect(lstatSync(file).isSymbolicLink()).toBe(false);
    expect(readFileSync(file, 'utf8')).toBe('state');
  });

  it('never follows something planted under the temp name (O_EXCL)', async () => {
    const dir = tempDir();
    const victim = path.join(dir, 'victim');
    writeFileSync(victim, 'keep me');
    const file = path.join(dir, 'record.json');
    symlinkSync(victim, tempFileFor(file, fixedRandom));
    await expect(
      Promise.resolve().then(() => write(file, 'x', { random: fixedRandom })),
    ).rejects.toMatchObject({
      code: 'EEXIST',
    });
    expect(readFileSync(victim, 'utf8')).toBe('keep me');
  });

  it('removes its temp file when the rename fails, and keeps the target', async () => {
    const dir = tempDir();
    const target = path.join(dir, 'busy');
    mkdirSync(target);
    writeFileSync(path.join(target, 'inside'), '');
    await expect(Promise.resolve().then(() => write(target, 'x'))).rejects.toThrow();
    expect(readdirSync(dir)).toEqual(['busy']);
    expect(readdirSync(target)).toEqual(['inside']);
  });
});

describe('writeTempFileSync and removeFileSync', () => {
  it('names temp files <file>.<pid>.<hex>.tmp beside the target', () => {
    const file = path.join(tempDir(), 's.session');
    const tmp = writeTempFileSync(file, 'x');
    expect(path.basename(tmp)).toMatch(
      new RegExp(`^s\\.session\\.${process.pid}\\.[0-9a-f]{8}\\.tmp$`),
    );
    expect(readFileSync(tmp, 'utf8')).toBe('x');
    expect(statSync(tmp).mode & 0o777).toBe(0o600);
  });

  it('removeFileSync says whether there was a file', () => {
    const file = path.join(tempDir(), 'f');
    writeFileSync(file, 'x');
    expect(removeFileSync(file)).toBe(true);
    expect(removeFileSync(file)).toBe(false);
    expect(removeFileSync(file, { durable: false })).toBe(false);
  });
});
