// Batches across real processes on one file state store: a worker killed with SIGKILL at random
// points 20 times, resumed each time, adds every one of 200 groups exactly once; and two
// workers started together never run one batch at the same time.
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { finishWorker, startWorker } from '@tgmcp/testkit/harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBatchStore } from '../src/batches/index.js';
import { fileStateStore } from '../src/index.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.resolve(here, '..', 'dist', 'index.js');
const worker = path.join(here, 'fixtures', 'batch-worker.mjs');
const ACCOUNT = '777000';
const USER = { id: '4242', title: 'Alice' };

let root: string;

beforeAll(async () => {
  if (!existsSync(dist))
    throw new Error('build the package first: pnpm --filter @tgmcp/policy build');
  root = await mkdtemp(path.join(tmpdir(), 'tgmcp-batch-crash-'));
});
afterAll(() => rm(root, { recursive: true, force: true }));

/** The worker runs the built package. */
const start = (job: object) =>
  startWorker(worker, { module: pathToFileURL(dist).href, ...job }, { stdin: 'ignore' });

const lines = async (file: string) =>
  (await readFile(file, 'utf8').catch(() => '')).split('\n').filter(Boolean);

async function approvedBatch(dir: string, n: number) {
  const store = fileStateStore({ dir: path.join(dir, 'state'), onWarning: () => {} });
  const batches = createBatchStore({ store });
  const groups = Array.from({ length: n }, (_, i) => ({
    id: `-100${1000 + i}`,
    title: `Group ${i}`,
    type: 'supergroup' as const,
  }));
  const { batch } = await batches.create({ account: ACCOUNT, user: USER, groups });
  await batches.approve({ batchId: batch.id, account: ACCOUNT, previewHash: batch.previewHash });
  return { batches, batch };
}

describe('add-member batch across processes', () => {
  it('kill -9 at random points 20 times, then finish: every group added exactly once', async () => {
    const dir = await mkdtemp(path.join(root, 'crash-'));
    const { batches, batch } = await approvedBatch(dir, 200);
    const job = {
      kind: 'run-to-end',
      dir,
      batchId: batch.id,
      account: ACCOUNT,
      runLeaseSec: 0.5,
      holdMs: 15,
    };
    let kills = 0;
    const modes = ['adding', 'added', 'progress', 'timer'] as const;
    while (kills < 20) {
      const child = start(job);
      const exited = new Promise((r) => child.on('exit', r));
      // Kill inside a dangerous window (the k-th `adding` or `added` line), after the k-th
      // recorded group, or after a random delay.
      const mode = modes[kills % modes.length]!;
      const k = 1 + Math.floor(Math.random() * 12);
      let seen = 0;
      await new Promise<void>((resolve) => {
        child.stdout!.on('data', (d: Buffer) => {
          for (const line of d.toString().split('\n').filter(Boolean)) {
            const msg = JSON.parse(line) as Record<string, unknown>;
            if (msg.ready && mode === 'timer') setTimeout(resolve, 20 + Math.random() * 300);
            else if (mode in msg && ++seen >= k) resolve();
            else if (msg.done) resolve();
          }
        });
        child.on('exit', () => resolve());
      });
      child.kill('SIGKILL');
      await exited;
      kills++;
    }
    const result = await finishWorker<Record<string, unknown>>(start(job));
    expect(result.done).toBe(true);

    const adds = await lines(path.join(dir, 'adds.log'));
    const perGroup = new Map<string, number>();
    for (const g of adds) perGroup.set(g, (perGroup.get(g) ?? 0) + 1);
    expect(perGroup.size).toBe(200);
    expect([...perGroup.values()].filter((n) => n !== 1)).toEqual([]);
    expect(adds).toHaveLength(200);

    const view = await batches.status(batch.id, ACCOUNT);
    expect(view.status).toBe('completed');
    expect(view.counts).toEqual({ pending: 0, in_flight: 0, done: 200, failed: 0, skipped: 0 });
    // Kills after an add and before its record left groups in_flight that were settled by
    // asking isMember, not by adding again.
    expect(view.groups.filter((g) => g.code === 'RECONCILED_MEMBER').length).toBeGreaterThan(0);
    expect(Math.max(...view.groups.map((g) => g.attempts))).toBeGreaterThan(1);
  }, 180_000);

  it('two workers started together: one runs the batch, the other gets BATCH_BUSY', async () => {
    const dir = await mkdtemp(path.join(root, 'race-'));
    const { batch } = await approvedBatch(dir, 10);
    const startAt = Date.now() + 1500;
    const job = {
      kind: 'run-once',
      dir,
      batchId: batch.id,
      account: ACCOUNT,
      runLeaseSec: 30,
      holdMs: 40,
      startAt,
    };
    const results = await Promise.all([
      finishWorker<Record<string, unknown>>(start(job)),
      finishWorker<Record<string, unknown>>(start(job)),
    ]);
    const outcomes = results.map((r) => r.outcome).sort();
    expect(outcomes).toEqual(['BATCH_BUSY', 'completed']);
    expect(results.find((r) => r.outcome === 'BATCH_BUSY')!.retryAfterSec).toBeGreaterThan(0);
    const adds = await lines(path.join(dir, 'adds.log'));
    expect(adds).toHaveLength(10);
    expect(new Set(adds).size).toBe(10);
  }, 60_000);
});
