import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { NotRegularFileError, readFileIfExists, readFileIfExistsSync } from './read-file.js';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'tgmcp-core-read-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe.each([
  ['readFileIfExistsSync', (f: string) => Promise.resolve().then(() => readFileIfExistsSync(f))],
  ['readFileIfExists', readFileIfExists],
] as const)('%s', (_name, read) => {
  it('reads a file, and says undefined for a missing one', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'a'), 'text ✓');
    expect(await read(path.join(dir, 'a'))).toBe('text ✓');
    expect(await read(path.join(dir, 'missing'))).toBeUndefined();
  });

  // A FIFO opened for reading waits for a writer: without O_NONBLOCK this test never ends.
  it('refuses a FIFO at once, without waiting for a writer', { timeout: 5000 }, async () => {
    const fifo = path.join(tempDir(), 'planted.json');
    execFileSync('mkfifo', [fifo]);
    const err = await read(fifo).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(NotRegularFileError);
    expect(err).toMatchObject({ code: 'NOT_REGULAR_FILE', kind: 'FIFO', file: fifo });
  });

  it('refuses a character device', async () => {
    await expect(read('/dev/null')).rejects.toMatchObject({ kind: 'device' });
  });

  it('lets a directory fail as a read does (EISDIR)', async () => {
    const dir = path.join(tempDir(), 'd.json');
    mkdirSync(dir);
    await expect(read(dir)).rejects.toMatchObject({ code: 'EISDIR' });
  });

  it.skipIf(process.getuid?.() === 0)('passes EACCES on', async () => {
    const file = path.join(tempDir(), 'locked');
    writeFileSync(file, 'x');
    chmodSync(file, 0);
    await expect(read(file)).rejects.toMatchObject({ code: 'EACCES' });
  });
});
