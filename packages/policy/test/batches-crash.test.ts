// Batches across real processes on one file state store: a worker killed with SIGKILL at random
// points 20 times, resumed each time, adds every one of 200 groups exactly once; and two
// workers started together never run one batch at the same time.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBatchStore } from '../src/batches/index.js';
import { fileStateStore } from '../src/index.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const pkg = path.resolve(here, '..');
const worker = path.join(here, 'fixtures', 'batch-worker.mjs');
const ACCOUNT = '777000';
const USER = { id: '4242', title: 'Alice' };

let root: string;
let moduleUrl: string;

/**
 * The worker runs the built package. Until the package index exports batches (and dist is
 * rebuilt), the same sources are bundled once into node_modules/.cache instead.
 */
async function workerModule(): Promise<string> {
  const dist = path.join(pkg, 'dist', 'index.js');
  if (!existsSync(dist))
    throw new Error('build the package first: pnpm --filter @tgmcp/policy build');
  const built = (await import(pathToFileURL(dist).href)) as Record<string, unknown>;
  if (typeof built.createBatchStore === 'function') return pathToFileURL(dist).href;
  const outDir = path.join(pkg, 'node_modules', '.cache', 'tgmcp-batch-worker');
  await mkdir(outDir, { recursive: true });
  const entry = path.join(outDir, 'entry.ts');
  await writeFile(
    entry,
    `export * from ${JSON.stringify(path.join(pkg, 'src/index.ts'))};\n` +
      `export * from ${JSON.stringify(path.join(pkg, 'src/batches/index.ts'))};\n`,
  );
  const { build } = await import('tsup');
  await build({
    config: false,
    entry: { lib: entry },
    outDir,
    format: ['esm'],
    platform: 'node',
    target: 'node20',
    dts: false,
    sourcemap: false,
    clean: false,
    silent: true,
    external: ['@tgmcp/ratelimit', 'zod', 'proper-lockfile'],
  });
  const lib = path.join(outDir, existsSync(path.join(outDir, 'lib.js')) ? 'lib.js' : 'lib.mjs');
  return pathToFileURL(lib).href;
}

beforeAll(async () => {
  moduleUrl = await workerModule();
  root = await mkdtemp(path.join(tmpdir(), 'tgmcp-batch-crash-'));
}, 60_000);
afterAll(() => rm(root, { recursive: true, force: true }));

const start = (job: object): ChildProcess =>
  spawn(process.execPath, [worker, JSON.stringify({ module: moduleUrl, ...job })], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });

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

/** Resolves with the worker's last JSON line once it exits 0. */
function finish(child: ChildProcess): Promise<Record<string, unknown>> {
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise((resolve, reject) =>
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`worker exited ${code}: ${err}`));
      resolve(JSON.parse(out.trim().split('\n').pop()!) as Record<string, unknown>);
    }),
  );
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
    const result = await finish(start(job));
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
    const results = await Promise.all([finish(start(job)), finish(start(job))]);
    const outcomes = results.map((r) => r.outcome).sort();
    expect(outcomes).toEqual(['BATCH_BUSY', 'completed']);
    expect(results.find((r) => r.outcome === 'BATCH_BUSY')!.retryAfterSec).toBeGreaterThan(0);
    const adds = await lines(path.join(dir, 'adds.log'));
    expect(adds).toHaveLength(10);
    expect(new Set(adds).size).toBe(10);
  }, 60_000);
});
