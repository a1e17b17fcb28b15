// Real child processes sharing one state directory: kill -9 at any moment never leaves a
// half-written record, one approved write raced by 8 servers is sent once, and the daily quota
// holds across them. The contract both state stores keep across processes (no lost update, one
// execution per claim, one consumption per approval) is in state-cross-process.test.ts.
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApprovalStore, fileStateStore, payloadHash } from '../src/index.js';
import { approvedSend } from './helpers/approved.js';
import { runWorker, startWorker, worker } from './helpers/spawn.js';

const PROCESSES = 8;
let root: string;
beforeAll(async () => {
  if (!existsSync(path.join(path.dirname(worker), '../../dist/index.js'))) {
    throw new Error('build the package first: pnpm --filter @tgmcp/policy build');
  }
  root = await mkdtemp(path.join(tmpdir(), 'tgmcp-policy-xproc-'));
});
afterAll(() => rm(root, { recursive: true, force: true }));

const fresh = () => mkdtemp(path.join(root, 'case-'));
const lines = async (file: string) =>
  (await readFile(file, 'utf8').catch(() => '')).split('\n').filter(Boolean);

describe(`${PROCESSES} processes on one file state store`, () => {
  it('kill -9 mid-write never leaves a half-written record and loses no acknowledged update', async () => {
    const dir = await fresh();
    for (let round = 0; round < 5; round++) {
      const child = startWorker({ kind: 'count-forever', dir });
      let acked = 0;
      let firstAck: () => void = () => {};
      const started = new Promise<void>((r) => (firstAck = r));
      child.stdout!.on('data', (d: Buffer) => {
        const m = /ack (\d+)\n?$/.exec(d.toString().trimEnd());
        if (m) {
          acked = Math.max(acked, Number(m[1]));
          firstAck();
        }
      });
      // Kill at a random point of the writing, not before the child got going (slow machines).
      await started;
      await new Promise((r) => setTimeout(r, Math.random() * 200));
      child.kill('SIGKILL');
      await new Promise((r) => child.on('exit', r));
      const store = fileStateStore({ dir: path.join(dir, 'state'), lockStaleMs: 2000 });
      const value = await store.get<{ n: number; pad: string }>('counter');
      expect(value?.pad).toHaveLength(4096);
      expect(value!.n).toBeGreaterThanOrEqual(acked);
    }
    // The next writer gets past a lock left by a killed process.
    const store = fileStateStore({ dir: path.join(dir, 'state'), lockStaleMs: 2000 });
    await store.update<{ n: number; pad: string }>('counter', (c) => ({
      n: c!.n + 1,
      pad: c!.pad,
    }));
    const names = await readdir(path.join(dir, 'state'));
    expect(names.filter((n) => n.endsWith('.json'))).toEqual(['counter.json']);
  });

  it('executor: one approved write raced by 8 servers is sent once; the rest get the original result', async () => {
    const dir = await fresh();
    const state = fileStateStore({ dir: path.join(dir, 'state') });
    const approvals = createApprovalStore({ store: state, ttlSec: 600, minAgeSec: 0 });
    const { ticket: t } = await approvedSend(approvals, 'launch');
    expect(t.payloadHash).toBe(
      payloadHash({
        account: '1',
        action: 'send_message',
        target: '-1001111',
        payload: { text: 'launch' },
      }),
    );
    const env = { TG_ACTIONS_ENABLED: '1', TG_ACTIONS_ALLOWED_GROUPS: '@club' };
    const startAt = Date.now() + 2500;
    const results = await Promise.all(
      Array.from({ length: PROCESSES }, (_, i) =>
        runWorker<{ outcomes: string[] }>({
          kind: 'executor',
          dir,
          env,
          texts: ['launch'],
          requestId: t.requestId,
          holdMs: 300,
          startAt: startAt + (i % 2) * 1200,
        }),
      ),
    );
    const outcomes = results.flatMap((r) => r.outcomes);
    expect(await lines(path.join(dir, 'executions.log'))).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'executed')).toHaveLength(1);
    for (const o of outcomes.filter((x) => x !== 'executed'))
      expect(['duplicate', 'DUPLICATE']).toContain(o);
    expect((await approvals.get(t.requestId))?.status).toBe('used');
  });

  it('quota: 8 servers sending distinct messages never overshoot the daily limit', async () => {
    const dir = await fresh();
    const env = {
      TG_ACTIONS_ENABLED: '1',
      TG_ACTIONS_ALLOWED_GROUPS: '@club',
      TG_ACTIONS_REQUIRE_APPROVAL_CODE: '0',
      TG_ACTIONS_UNSAFE_OVERRIDE: '1',
      MAX_GROUP_MSGS_PER_DAY: '7',
    };
    const startAt = Date.now() + 2500;
    const results = await Promise.all(
      Array.from({ length: PROCESSES }, (_, p) =>
        runWorker<{ outcomes: string[] }>({
          kind: 'executor',
          dir,
          env,
          texts: [0, 1, 2].map((i) => `message ${p}.${i}`),
          startAt,
        }),
      ),
    );
    const outcomes = results.flatMap((r) => r.outcomes);
    expect(outcomes.filter((o) => o === 'executed')).toHaveLength(7);
    expect(outcomes.filter((o) => o === 'QUOTA_EXCEEDED')).toHaveLength(PROCESSES * 3 - 7);
    expect(await lines(path.join(dir, 'executions.log'))).toHaveLength(7);
  });
});
