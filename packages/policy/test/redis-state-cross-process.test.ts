// Real child processes sharing one Redis state store, as servers on several hosts would: no lost
// update, an idempotency claim executed once, an approval consumed once.
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApprovalStore } from '../src/index.js';
import { redisStateStore } from '../src/state/redis.js';
import { approvedSend } from './helpers/approved.js';
import { dropPrefix, startTestRedis } from './helpers/redis.js';
import { runWorker } from './helpers/spawn.js';

const PROCESSES = 8;
const redis = await startTestRedis('policy tests');
let client: Redis;
let root: string;

beforeAll(async () => {
  if (!existsSync(fileURLToPath(new URL('../dist/redis.js', import.meta.url)))) {
    throw new Error('build the package first: pnpm --filter @tgmcp/policy build');
  }
  root = await mkdtemp(path.join(tmpdir(), 'tgmcp-policy-redis-xproc-'));
  if (redis) client = new Redis(redis.url);
});
const prefixes: string[] = [];
afterAll(async () => {
  if (client) for (const p of prefixes) await dropPrefix(client, p);
  client?.disconnect();
  await rm(root, { recursive: true, force: true });
  await redis?.stop();
});

const fresh = async () => {
  const prefix = `xproc:${process.pid}:${Math.random().toString(36).slice(2)}:`;
  prefixes.push(prefix);
  return { dir: await mkdtemp(path.join(root, 'case-')), prefix };
};
const lines = async (file: string) =>
  (await readFile(file, 'utf8').catch(() => '')).split('\n').filter(Boolean);

describe.skipIf(!redis)(`${PROCESSES} processes on one Redis state store`, () => {
  it('increment one record 50 times each: exactly 400', async () => {
    const { prefix } = await fresh();
    const startAt = Date.now() + 2500;
    await Promise.all(
      Array.from({ length: PROCESSES }, () =>
        runWorker({ kind: 'increment', url: redis!.url, prefix, times: 50, startAt }),
      ),
    );
    expect(await redisStateStore({ client, prefix }).get('counter')).toBe(PROCESSES * 50);
  });

  it('idempotency: identical concurrent claims execute exactly once', async () => {
    const { dir, prefix } = await fresh();
    const hash = 'c'.repeat(64);
    const startAt = Date.now() + 2500;
    const results = await Promise.all(
      Array.from({ length: PROCESSES }, (_, i) =>
        runWorker<{ outcome: string }>({
          kind: 'idem-race',
          url: redis!.url,
          prefix,
          dir,
          hash,
          holdMs: 300,
          // Half race at the same instant, half arrive after the first one finished.
          startAt: startAt + (i < PROCESSES / 2 ? 0 : 1500),
        }),
      ),
    );
    const outcomes = results.map((r) => r.outcome);
    expect(outcomes.filter((o) => o === 'executed')).toHaveLength(1);
    const executions = await lines(path.join(dir, 'executions.log'));
    expect(executions).toHaveLength(1);
    for (const o of outcomes.filter((x) => x !== 'executed')) {
      expect([`duplicate-of-${executions[0]}`, 'DUPLICATE']).toContain(o);
    }
    expect(outcomes.slice(PROCESSES / 2)).toEqual(
      Array<string>(PROCESSES / 2).fill(`duplicate-of-${executions[0]}`),
    );
  });

  it('idempotency: 40 hashes claimed at once by every process: each executes exactly once', async () => {
    const { dir, prefix } = await fresh();
    const hashes = Array.from({ length: 40 }, (_, i) => i.toString(16).padStart(64, '0'));
    const startAt = Date.now() + 2500;
    const results = await Promise.all(
      Array.from({ length: PROCESSES }, () =>
        runWorker<{ outcomes: string[] }>({
          kind: 'idem-many',
          url: redis!.url,
          prefix,
          dir,
          hashes,
          startAt,
        }),
      ),
    );
    const executed = (await lines(path.join(dir, 'executions.log'))).map((l) => l.split(' ')[0]);
    expect(executed.sort()).toEqual([...hashes].sort());
    const outcomes = results.flatMap((r) => r.outcomes);
    expect(outcomes.filter((o) => o === 'executed')).toHaveLength(hashes.length);
    // A claim raced by one still pending is refused as DUPLICATE; none fails otherwise.
    for (const o of outcomes) expect(['executed', 'duplicate', 'DUPLICATE']).toContain(o);
  });

  it('approvals: one approval consumed concurrently is consumed exactly once', async () => {
    const { prefix } = await fresh();
    const approvals = createApprovalStore({
      store: redisStateStore({ client, prefix }),
      ttlSec: 600,
      minAgeSec: 0,
    });
    const { ticket: t, binding } = await approvedSend(approvals, 'hi');
    const startAt = Date.now() + 2500;
    const results = await Promise.all(
      Array.from({ length: PROCESSES }, () =>
        runWorker<{ outcome: string }>({
          kind: 'consume-race',
          url: redis!.url,
          prefix,
          requestId: t.requestId,
          binding,
          startAt,
        }),
      ),
    );
    expect(results.map((r) => r.outcome).sort()).toEqual(
      ['consumed', ...Array<string>(PROCESSES - 1).fill('APPROVAL_USED')].sort(),
    );
    expect((await approvals.get(t.requestId))?.status).toBe('used');
  });
});
