// Real child processes on one locked file dir: no update is lost between processes, and kill -9
// at any moment leaves a whole record holding every acknowledged update, never a torn one.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const worker = fileURLToPath(new URL('./fixtures/file-worker.mjs', import.meta.url));
let root: string;
beforeAll(async () => {
  if (!existsSync(path.join(path.dirname(worker), '../../dist/index.js')))
    throw new Error('build the package first: pnpm --filter @tgmcp/core build');
  root = await mkdtemp(path.join(tmpdir(), 'tgmcp-core-xproc-'));
});
afterAll(() => rm(root, { recursive: true, force: true }));

const start = (job: object): ChildProcess =>
  spawn(process.execPath, [worker, JSON.stringify(job)], { stdio: ['ignore', 'pipe', 'pipe'] });

const finished = (child: ChildProcess) =>
  new Promise<void>((resolve, reject) => {
    let err = '';
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`worker exited ${code}: ${err}`)),
    );
  });

const record = async (dir: string) =>
  JSON.parse(await readFile(path.join(dir, 'counter.json'), 'utf8')) as { n: number; pad: string };

describe('locked file dir across processes', () => {
  it('6 processes increment one record 60 times each: exactly 360', async () => {
    const dir = path.join(await mkdtemp(path.join(root, 'inc-')), 'state');
    const startAt = Date.now() + 1500;
    await Promise.all(
      Array.from({ length: 6 }, () =>
        finished(start({ kind: 'increment', dir, times: 60, startAt })),
      ),
    );
    expect((await record(dir)).n).toBe(360);
  });

  it('kill -9 at random moments: the record stays whole and keeps every acknowledged update', async () => {
    const dir = path.join(await mkdtemp(path.join(root, 'kill-')), 'state');
    const padBytes = 1024 * 1024;
    let acked = 0;
    let reads = 0;
    const kills = 4;
    for (let round = 0; round < kills; round++) {
      const child = start({ kind: 'count-forever', dir, padBytes });
      let last = acked;
      let progressed: () => void = () => {};
      const target = acked + 5;
      const enough = new Promise<void>((r) => (progressed = r));
      child.stdout!.on('data', (d: Buffer) => {
        for (const m of d.toString().matchAll(/ack (\d+)\n/g)) last = Math.max(last, Number(m[1]));
        if (last >= target) progressed();
      });
      await enough;
      // Readers take no lock: while the child writes, every read must see a whole record.
      const until = Date.now() + Math.random() * 150;
      while (Date.now() < until) {
        expect((await record(dir)).pad).toHaveLength(padBytes);
        reads++;
      }
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await exited;
      const value = await record(dir);
      // Whole: it parses and its padding is all there. Nothing acknowledged is lost; at most the
      // acknowledgement of the one update committed as the process died.
      expect(value.pad).toHaveLength(padBytes);
      expect(value.n).toBeGreaterThanOrEqual(last);
      expect(value.n).toBeLessThanOrEqual(last + 1);
      acked = value.n;
    }
    expect(reads).toBeGreaterThan(0);
    // A lock left by a killed process is broken once stale; the next writer gets through.
    const child = start({ kind: 'increment', dir, times: 1, startAt: 0, padBytes });
    await finished(child);
    expect((await record(dir)).n).toBe(acked + 1);
    const names = await readdir(dir);
    expect(names.filter((n) => !n.endsWith('.tmp'))).toEqual(['counter.json']);
  });
});
