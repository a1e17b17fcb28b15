import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fileStore } from './file.js';

// A FIFO planted under a state file's name (a download into an overlapping dir, say): opening it
// for reading would wait for a writer forever. It is refused at once, and fails closed.
let root: string;
let warnings: string[];
beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'tgmcp-file-fifo-'));
  warnings = [];
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const make = () => fileStore({ dir: path.join(root, 'state'), onWarning: (m) => warnings.push(m) });

describe('fileStore: a FIFO where a state file belongs', { timeout: 5000 }, () => {
  it('a hold reads as held for an unknown time, without blocking', async () => {
    const store = make();
    await mkdir(store.dir, { recursive: true });
    execFileSync('mkfifo', [path.join(store.dir, 'breaker%3aacct.json')]);
    expect(await store.holds(['breaker:acct'], Date.now())).toEqual([Number.POSITIVE_INFINITY]);
    expect(warnings.join('\n')).toMatch(/NOT_REGULAR_FILE/);
  });

  it('a bucket fails the call with STATE_UNREADABLE, without blocking', async () => {
    const store = make();
    await mkdir(store.dir, { recursive: true });
    execFileSync('mkfifo', [path.join(store.dir, 'bucket%3ak.json')]);
    await expect(
      store.take('bucket:k', { intervalMs: 1000, burst: 5, cost: 1 }, Date.now()),
    ).rejects.toMatchObject({ code: 'STATE_UNREADABLE' });
    // listHolds and prune skip it instead of waiting on it.
    expect(await store.listHolds('', Date.now())).toEqual([]);
    expect((await store.prune(Date.now())).removed).toBe(0);
  });
});
