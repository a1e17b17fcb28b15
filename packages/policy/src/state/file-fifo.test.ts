import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { StateCorruptError, fileStateStore } from '../index.js';

// A FIFO planted under a record's name would make a read wait for a writer forever: it is a
// corrupt record (fail closed), refused at once, and list skips it.
const root = await mkdtemp(path.join(tmpdir(), 'tgmcp-policy-fifo-'));
afterAll(() => rm(root, { recursive: true, force: true }));

describe('file state store: a FIFO where a record belongs', { timeout: 5000 }, () => {
  it('get and update refuse it as STATE_CORRUPT without blocking; list skips it', async () => {
    const warnings: string[] = [];
    const s = fileStateStore({
      dir: await mkdtemp(path.join(root, 's-')),
      onWarning: (m) => warnings.push(m),
    });
    await s.update('approval:real', () => ({ status: 'pending' }));
    const file = s.fileFor('approval:planted');
    execFileSync('mkfifo', [file]);
    await expect(s.get('approval:planted')).rejects.toBeInstanceOf(StateCorruptError);
    await expect(s.update('approval:planted', () => 1)).rejects.toMatchObject({
      code: 'STATE_CORRUPT',
      file,
    });
    expect(await s.list('approval:')).toEqual([
      { key: 'approval:real', value: { status: 'pending' } },
    ]);
    expect(warnings.filter((w) => w.includes(file) && w.includes('FIFO'))).toHaveLength(3);
  });
});
