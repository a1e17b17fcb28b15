// One cross-process contract for both shared state stores: 8 real child processes on one file
// state directory, and on one Redis (as servers on several hosts would): no lost update, an
// idempotency claim executed once, an approval consumed once. File-only cases (kill -9, the
// executor, the quota) are in cross-process.test.ts.
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type StateStore, createApprovalStore, fileStateStore } from '../src/index.js';
import { redisStateStore } from '../src/state/redis.js';
import { approvedSend } from './helpers/approved.js';
import { dropPrefix, startTestRedis } from './helpers/redis.js';
import { runWorker } from './helpers/spawn.js';

const PROCESSES = 8;
const redis = await startTestRedis('policy tests');
let client: Redis | undefined;
let root: string;

beforeAll(async () => {
  for (const built of ['index.js', 'redis.js'])
    if (!existsSync(fileURLToPath(new URL(`../dist/${built}`, import.meta.url))))
      throw new Error('build the package first: pnpm --filter @tgmcp/policy build');
  root = await mkdtemp(path.join(tmpdir(), 'tgmcp-policy-state-xproc-'));
  if (redis) client = new Redis(redis.url);
});
const prefixes: string[] = [];
afterAll(async () => {
  if (client) for (const p of prefixes) await dropPrefix(client, p);
  client?.disconnect();
  await rm(root, { recursive: true, force: true });
  await redis?.stop();
});

/** A fresh case: a directory for logs, the job fields that pick the store, the store itself. */
interface Case {
  dir: string;
  job: Record<string, string>;
  state: StateStore;
}

const backends: Array<[string, (() => Promise<Case>) | null]> = [
  [
    'file',
    async () => {
      const dir = await mkdtemp(path.join(root, 'file-'));
      return { dir, job: { dir }, state: fileStateStore({ dir: path.join(dir, 'state') }) };
    },
  ],
  [
    'Redis',
    redis
      ? async () => {
          const prefix = `xproc:${process.pid}:${Math.random().toString(36).slice(2)}:`;
          prefixes.push(prefix);
          const dir = await mkdtemp(path.join(root, 'redis-'));
          return {
            dir,
            job: { dir, url: redis.url, prefix },
            state: redisStateStore({ client: client!, prefix }),
          };
        }
      : null,
  ],
];

const lines = async (file: string) =>
  (await readFile(file, 'utf8').catch(() => '')).split('\n').filter(Boolean);

describe.each(backends)(`${PROCESSES} processes on one %s state store`, (_name, fresh) => {
  it.skipIf(!fresh)('increment one record 50 times each: exactly 400', async () => {
    const { job, state } = await fresh!();
    const startAt = Date.now() + 2500;
    await Promise.all(
      Array.from({ length: PROCESSES }, () =>
        runWorker({ kind: 'increment', ...job, times: 50, startAt }),
      ),
    );
    expect(await state.get('counter')).toBe(PROCESSES * 50);
  });

  it.skipIf(!fresh)('idempotency: identical concurrent claims execute exactly once', async () => {
    const { dir, job } = await fresh!();
    const hash = 'c'.repeat(64);
    const startAt = Date.now() + 2500;
    const results = await Promise.all(
      Array.from({ length: PROCESSES }, (_, i) =>
        runWorker<{ outcome: string }>({
          kind: 'idem-race',
          ...job,
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

  it.skipIf(!fresh)(
    'idempotency: 40 hashes claimed at once by every process: each executes exactly once',
    async () => {
      const { dir, job } = await fresh!();
      const hashes = Array.from({ length: 40 }, (_, i) => i.toString(16).padStart(64, '0'));
      const startAt = Date.now() + 2500;
      const results = await Promise.all(
        Array.from({ length: PROCESSES }, () =>
          runWorker<{ outcomes: string[] }>({ kind: 'idem-many', ...job, hashes, startAt }),
        ),
      );
      const executed = (await lines(path.join(dir, 'executions.log'))).map((l) => l.split(' ')[0]);
      expect(executed.sort()).toEqual([...hashes].sort());
      const outcomes = results.flatMap((r) => r.outcomes);
      expect(outcomes.filter((o) => o === 'executed')).toHaveLength(hashes.length);
      // A claim raced by one still pending is refused as DUPLICATE; none fails otherwise.
      for (const o of outcomes) expect(['executed', 'duplicate', 'DUPLICATE']).toContain(o);
    },
  );

  it.skipIf(!fresh)(
    'approvals: one approval consumed concurrently is consumed exactly once',
    async () => {
      const { job, state } = await fresh!();
      const approvals = createApprovalStore({ store: state, ttlSec: 600, minAgeSec: 0 });
      const { ticket, binding } = await approvedSend(approvals, 'hi');
      const startAt = Date.now() + 2500;
      const results = await Promise.all(
        Array.from({ length: PROCESSES }, () =>
          runWorker<{ outcome: string }>({
            kind: 'consume-race',
            ...job,
            requestId: ticket.requestId,
            binding,
            startAt,
          }),
        ),
      );
      expect(results.map((r) => r.outcome).sort()).toEqual(
        ['consumed', ...Array<string>(PROCESSES - 1).fill('APPROVAL_USED')].sort(),
      );
      expect((await approvals.get(ticket.requestId))?.status).toBe('used');
    },
  );
});
