import { existsSync, mkdirSync, mkdtempSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FileLockTimeoutError, lockFile } from './file-lock.js';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'tgmcp-core-lock-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A clock whose sleeps return at once and move time on: lock waits cost no real time. */
function steppingClock(start = 1_000_000) {
  let t = start;
  const sleeps: number[] = [];
  return {
    now: () => t,
    sleep: (ms: number) => {
      sleeps.push(ms);
      t += Math.max(ms, 1);
      return Promise.resolve();
    },
    sleeps,
  };
}

describe('lockFile', () => {
  it('takes a free lock and releases it', async () => {
    const file = path.join(tempDir(), 'a.json');
    const release = await lockFile(file, { clock: steppingClock() });
    expect(existsSync(`${file}.lock`)).toBe(true);
    release();
    expect(existsSync(`${file}.lock`)).toBe(false);
  });

  it('waits on the injected clock and times out with FileLockTimeoutError', async () => {
    const file = path.join(tempDir(), 'a.json');
    mkdirSync(`${file}.lock`); // held by a live process: fresh mtime
    const clock = steppingClock();
    const err = await lockFile(file, { clock, timeoutMs: 200 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FileLockTimeoutError);
    expect(err).toMatchObject({ code: 'LOCK_TIMEOUT', file });
    expect((err as FileLockTimeoutError).waitedMs).toBeGreaterThanOrEqual(200);
    // The first retries yield at once, later ones wait up to 4 ms, jittered.
    expect(clock.sleeps.slice(0, 3)).toEqual([0, 0, 0]);
    expect(Math.max(...clock.sleeps)).toBeLessThanOrEqual(4);
    expect(new Set(clock.sleeps.slice(3)).size).toBeGreaterThan(1);
  });

  it('throws the error the caller asks for on a timeout', async () => {
    const file = path.join(tempDir(), 'a.json');
    mkdirSync(`${file}.lock`);
    class StoreTimeout extends Error {
      code = 'STORE_LOCK_TIMEOUT';
    }
    await expect(
      lockFile(file, {
        clock: steppingClock(),
        timeoutMs: 50,
        timeoutError: (f, w) => new StoreTimeout(`${f} ${w}`),
      }),
    ).rejects.toBeInstanceOf(StoreTimeout);
  });

  it('breaks a lock left by a dead process once it is stale', async () => {
    const file = path.join(tempDir(), 'a.json');
    mkdirSync(`${file}.lock`);
    const old = new Date(Date.now() - 60_000);
    utimesSync(`${file}.lock`, old, old);
    const release = await lockFile(file, { clock: steppingClock(), staleMs: 2000, timeoutMs: 50 });
    release();
  });
});
