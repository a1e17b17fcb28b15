import { mkdir, mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createManualClock } from '../clock.js';
import { InvalidOptionError, QuotaExceededError } from '../errors.js';
import { createRateLimiter } from '../limiter/rate-limiter.js';
import { createDailyQuota } from '../quota/daily-quota.js';
import { fileStore } from './file.js';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'tgmcp-file-store-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const warnings: string[] = [];
const make = (dir = path.join(root, 'state')) =>
  fileStore({ dir, onWarning: (m) => warnings.push(m) });

describe('fileStore', () => {
  it('creates its directory 0700 and files 0600', async () => {
    const store = make();
    await store.take('bucket:x', { intervalMs: 100, burst: 2, cost: 1 }, Date.now());
    await store.increment(
      'quota:x',
      { by: 1, limit: 5, expiresAtMs: Date.now() + 1000 },
      Date.now(),
    );
    expect((await stat(store.dir)).mode & 0o777).toBe(0o700);
    for (const name of await readdir(store.dir)) {
      expect((await stat(path.join(store.dir, name))).mode & 0o777).toBe(0o600);
    }
  });

  it('tightens a directory it was given with looser permissions', async () => {
    const dir = path.join(root, 'loose');
    await mkdir(dir, { mode: 0o755 });
    await make(dir).hold('h', 1000, Date.now());
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
  });

  it('rejects a relative directory', () => {
    expect(() => fileStore({ dir: 'data/state' })).toThrow(InvalidOptionError);
    expect(() => fileStore({ dir: 'data/state' })).toThrow(/dir must be an absolute path/);
  });

  it('keeps state across store instances (and processes)', async () => {
    const clock = createManualClock(Date.now());
    const a = createRateLimiter({ rate: 1, burst: 2, store: make(), key: 'acct', clock });
    await a.acquire();
    await a.acquire();
    const b = createRateLimiter({ rate: 1, burst: 2, store: make(), key: 'acct', clock });
    expect((await b.tryAcquire()).ok).toBe(false);
  });

  it('a corrupt bucket file is moved aside and recovered as an empty bucket (never a free burst)', async () => {
    const store = make();
    const now = Date.now();
    await store.take('bucket:k', { intervalMs: 1000, burst: 5, cost: 1 }, now);
    const file = path.join(store.dir, 'bucket%3ak.json');
    await writeFile(file, '{"t":"bucket","tat":');
    const r = await store.take('bucket:k', { intervalMs: 1000, burst: 5, cost: 1 }, now);
    expect(r.ok).toBe(false);
    expect(r.retryAfterMs).toBeCloseTo(1000, 6);
    const names = await readdir(store.dir);
    expect(names.some((n) => n.startsWith('bucket%3ak.json.corrupt-'))).toBe(true);
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ t: 'bucket' });
    expect(warnings.some((w) => w.includes('unreadable'))).toBe(true);
  });

  it('a corrupt or truncated quota counter fails closed for the day instead of forgetting the count', async () => {
    const clock = createManualClock(Date.parse('2026-05-01T10:00:00Z'));
    const store = make();
    const quota = createDailyQuota({ store, clock, limits: { dm: 20 } });
    await quota.consume('dm', 3);
    const [name] = (await readdir(store.dir)).filter((n) => n.startsWith('quota'));
    await writeFile(path.join(store.dir, name!), '');
    await expect(quota.consume('dm')).rejects.toBeInstanceOf(QuotaExceededError);
    expect((await quota.usage()).dm).toMatchObject({ used: 20, remaining: 0 });
    // Again after a restart (a new store on the same dir): still closed, no crash loop.
    const again = createDailyQuota({ store: make(), clock, limits: { dm: 20 } });
    await expect(again.consume('dm')).rejects.toBeInstanceOf(QuotaExceededError);
    // The next day starts clean.
    await clock.advance(86_400_000);
    expect((await again.consume('dm')).used).toBe(1);
  });

  it('treats a file of the wrong kind or shape as corrupt', async () => {
    const store = make();
    const dir = store.dir;
    await store.hold('h', 1000, Date.now());
    await writeFile(
      path.join(dir, 'h.json'),
      JSON.stringify({ k: 'h', t: 'counter', n: -4, exp: 1 }),
    );
    expect(await store.hold('h', 5000, Date.now())).toBe(5000);
    await writeFile(path.join(dir, 'h.json'), '[1,2,3]');
    expect(await store.hold('h', 2000, Date.now())).toBe(2000);
  });

  it('breaks a lock left behind by a dead process once it is stale', async () => {
    const store = fileStore({ dir: path.join(root, 'state'), lockStaleMs: 2000 });
    await store.hold('h', 1000, Date.now());
    const lock = path.join(store.dir, 'h.json.lock');
    await mkdir(lock);
    const old = new Date(Date.now() - 60_000);
    await utimes(lock, old, old);
    const t0 = Date.now();
    expect(await store.hold('h', 9000, Date.now())).toBeGreaterThan(8000);
    expect(Date.now() - t0).toBeLessThan(1000);
  });

  it('times out on a live lock with a clear error', async () => {
    const store = fileStore({ dir: path.join(root, 'state'), lockTimeoutMs: 200 });
    await store.hold('h', 1000, Date.now());
    await mkdir(path.join(store.dir, 'h.json.lock'));
    await expect(store.hold('h', 1000, Date.now())).rejects.toMatchObject({
      code: 'STORE_LOCK_TIMEOUT',
    });
  });

  it('prunes expired counters, holds and leftover temp files', async () => {
    const store = make();
    const now = Date.now();
    await store.hold('h:old', 10, now - 1000);
    await store.hold('h:live', 60_000, now);
    await store.increment('c:old', { by: 1, limit: 5, expiresAtMs: now - 1 }, now - 10);
    const tmp = path.join(store.dir, 'x.json.123.abcd.tmp');
    await writeFile(tmp, '{');
    await utimes(tmp, new Date(now - 120_000), new Date(now - 120_000));
    expect((await store.prune(now)).removed).toBe(3);
    expect((await readdir(store.dir)).sort()).toEqual(['h%3alive.json']);
  });

  it('keeps keys with unusual characters apart and readable', async () => {
    const store = make();
    const now = Date.now();
    await store.hold('flood:acct:chat:@some/chat', 5000, now);
    await store.hold('flood:acct:chat:@some_chat', 7000, now);
    const long = `flood:acct:method:${'x'.repeat(400)}`;
    await store.hold(long, 9000, now);
    const keys = (await store.listHolds('flood:acct:', now)).map((h) => h.key).sort();
    expect(keys).toEqual(['flood:acct:chat:@some/chat', 'flood:acct:chat:@some_chat', long].sort());
  });
});
