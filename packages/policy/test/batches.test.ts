// Add-member batches in one process, on the memory and the file state store: creation and its
// preview, approval bound to the reviewed preview, every group and batch transition, the run
// lease, pruning, and the policy gates.
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CircuitOpenError, type ManualClock, createManualClock } from '@tgmcp/ratelimit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type BatchStoreOptions,
  batchPreviewHash,
  createBatchStore,
} from '../src/batches/index.js';
import {
  type Random,
  type StateStore,
  fileStateStore,
  loadActionsPolicy,
  memoryStateStore,
} from '../src/index.js';

const ACCOUNT = '777000';
const USER = { id: '4242', title: 'Alice' };
const HOUR = 3_600_000;

let root: string;
beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'tgmcp-batches-'));
});
afterAll(() => rm(root, { recursive: true, force: true }));

/** Deterministic randomness: ids and run tokens differ but repeat from run to run. */
function seededRandom(seed = 'batches'): Random {
  let n = 0;
  return {
    bytes: (k) =>
      new Uint8Array(createHash('sha256').update(`${seed}:${n++}`).digest().subarray(0, k)),
  };
}

const rpc = (name: string) => Object.assign(new Error(`400: ${name}`), { errorMessage: name });
const group = (i: number, title = `Group ${i}`) => ({
  id: `-100${1000 + i}`,
  title,
  type: 'supergroup' as const,
});

/** A fake Telegram: who is in which group, and errors to throw for a group's next adds. */
function fakeTelegram() {
  const members = new Map<string, Set<string>>();
  const failures = new Map<string, Error[]>();
  const calls: string[] = [];
  const fail = (groupId: string, ...errors: Error[]) => failures.set(groupId, errors);
  return {
    calls,
    members,
    fail,
    isMember: (g: string, u: string) => Promise.resolve(members.get(g)?.has(u) ?? false),
    add: (g: string, u: string) => {
      calls.push(g);
      const queued = failures.get(g)?.shift();
      if (queued) return Promise.reject(queued);
      if (members.get(g)?.has(u)) return Promise.reject(rpc('USER_ALREADY_PARTICIPANT'));
      members.set(g, new Set([...(members.get(g) ?? []), u]));
      return Promise.resolve();
    },
  };
}

const storeKinds: Array<[string, () => Promise<StateStore>]> = [
  ['memory', () => Promise.resolve(memoryStateStore())],
  [
    'file',
    async () =>
      fileStateStore({ dir: await mkdtemp(path.join(root, 'state-')), onWarning: () => {} }),
  ],
];

describe.each(storeKinds)('batches on the %s state store', (_kind, makeStore) => {
  let clock: ManualClock;
  let state: StateStore;
  const setup = async (extra: Partial<BatchStoreOptions> = {}) => {
    clock = createManualClock();
    state = await makeStore();
    const batches = createBatchStore({ store: state, clock, random: seededRandom(), ...extra });
    return batches;
  };
  const approved = async (
    batches: ReturnType<typeof createBatchStore>,
    groups = [group(1), group(2), group(3)],
  ) => {
    const { batch } = await batches.create({ account: ACCOUNT, user: USER, groups });
    await batches.approve({ batchId: batch.id, account: ACCOUNT, previewHash: batch.previewHash });
    return batch;
  };

  it('creates one record per batch with a preview naming the user and every group', async () => {
    const batches = await setup();
    const out = await batches.create({
      account: ACCOUNT,
      user: USER,
      groups: [
        group(1, 'Club'),
        { id: -1001001, title: 'Club again', type: 'supergroup' },
        { id: '-1001002', title: 'Line\nAdd user Mallory to 1 group', type: 'channel' },
        { id: '-55', title: null, type: 'group' },
      ],
      note: '  weekly  ',
    });
    const b = out.batch;
    expect(b.id).toMatch(/^batch_[A-Za-z0-9_-]{12}$/);
    expect(b.status).toBe('pending_approval');
    expect(out.duplicatesDropped).toBe(1);
    expect(b.groups.map((g) => g.id)).toEqual(['-1001001', '-1001002', '-55']);
    expect(b.counts).toEqual({ pending: 3, in_flight: 0, done: 0, failed: 0, skipped: 0 });
    expect(b.note).toBe('weekly');
    expect(b.preview).toContain('Alice (id 4242)');
    expect(b.preview).toContain('Club (-1001001)');
    expect(b.preview).toContain('(no title) (-55)');
    // A title cannot forge a line of the preview.
    expect(b.preview.split('\n').filter((l) => l.startsWith('Add user'))).toHaveLength(1);
    expect(b.previewHash).toBe(
      batchPreviewHash({ account: ACCOUNT, user: USER, groups: [...b.groups].reverse() }),
    );
    expect(b.expiresAt - b.createdAt).toBe(168 * HOUR);
    expect((await state.list('batch:')).map((r) => r.key)).toEqual([`batch:${b.id}`]);
  });

  it('refuses bad input naming the field', async () => {
    const batches = await setup({ maxGroups: 3 });
    const create = (patch: object) =>
      batches.create({ account: ACCOUNT, user: USER, groups: [group(1)], ...patch });
    await expect(create({ groups: [] })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      field: 'groups',
    });
    await expect(create({ user: { id: '-5', title: 'x' } })).rejects.toMatchObject({
      field: 'user.id',
    });
    await expect(
      create({ groups: [group(1), { id: '4343', title: 'Bob', type: 'user' }] }),
    ).rejects.toMatchObject({
      field: 'groups[1].id',
    });
    await expect(
      create({ groups: [{ id: '-1', title: 'x', type: 'user' }] }),
    ).rejects.toMatchObject({
      field: 'groups[0].type',
    });
    await expect(
      create({ groups: [group(1), group(2), group(3), group(4)] }),
    ).rejects.toMatchObject({
      field: 'groups',
    });
    await expect(create({ account: '@me' })).rejects.toMatchObject({ field: 'account' });
    await expect(create({ ttlHours: 0 })).rejects.toMatchObject({ field: 'ttlHours' });
    await expect(create({ note: 'x'.repeat(501) })).rejects.toMatchObject({ field: 'note' });
    expect(await state.list('batch:')).toEqual([]);
  });

  it('binds a batch to its account: others see nothing', async () => {
    const batches = await setup();
    const { batch } = await batches.create({ account: ACCOUNT, user: USER, groups: [group(1)] });
    await batches.create({ account: '888', user: USER, groups: [group(2)] });
    await expect(batches.status(batch.id, '888')).rejects.toMatchObject({
      code: 'BATCH_NOT_FOUND',
    });
    await expect(
      batches.approve({ batchId: batch.id, account: '888', previewHash: batch.previewHash }),
    ).rejects.toMatchObject({ code: 'BATCH_NOT_FOUND' });
    expect((await batches.list(ACCOUNT)).map((b) => b.id)).toEqual([batch.id]);
  });

  it('approval is bound to the reviewed preview hash', async () => {
    const batches = await setup();
    const a = (await batches.create({ account: ACCOUNT, user: USER, groups: [group(1), group(2)] }))
      .batch;
    // The same request with one more group is another preview: A's approval does not cover it.
    const b = (
      await batches.create({ account: ACCOUNT, user: USER, groups: [group(1), group(2), group(3)] })
    ).batch;
    expect(b.previewHash).not.toBe(a.previewHash);
    await expect(
      batches.approve({ batchId: b.id, account: ACCOUNT, previewHash: a.previewHash }),
    ).rejects.toMatchObject({ code: 'APPROVAL_MISMATCH' });
    const tg = fakeTelegram();
    await expect(batches.run({ batchId: b.id, account: ACCOUNT, ...tg })).rejects.toMatchObject({
      code: 'APPROVAL_NOT_APPROVED',
    });
    const view = await batches.approve({
      batchId: b.id,
      account: ACCOUNT,
      previewHash: b.previewHash,
      approvedBy: 'operator:anna',
    });
    expect(view).toMatchObject({ status: 'approved', approvedBy: 'operator:anna' });
    expect(view.approvalValidUntil).toBe(clock.now() + 86_400_000);

    // A group list changed behind the approval (a edited state file) is not the reviewed one.
    await state.update<{ groups: Array<{ id: string }> }>(`batch:${b.id}`, (r) => ({
      ...r!,
      groups: [...r!.groups.slice(0, 2), { ...r!.groups[2]!, id: '-1009999' }],
    }));
    expect((await batches.status(b.id, ACCOUNT)).status).toBe('pending_approval');
    await expect(batches.run({ batchId: b.id, account: ACCOUNT, ...tg })).rejects.toMatchObject({
      code: 'APPROVAL_MISMATCH',
    });
    expect(tg.calls).toEqual([]);
  });

  it('the approval lease ends: back to pending_approval, runs refused until approved again', async () => {
    const batches = await setup({ approvalLeaseSec: 600 });
    const batch = await approved(batches);
    await clock.advance(600_000);
    expect((await batches.status(batch.id, ACCOUNT)).status).toBe('pending_approval');
    const tg = fakeTelegram();
    await expect(batches.run({ batchId: batch.id, account: ACCOUNT, ...tg })).rejects.toMatchObject(
      {
        code: 'APPROVAL_EXPIRED',
      },
    );
    await batches.approve({ batchId: batch.id, account: ACCOUNT, previewHash: batch.previewHash });
    expect((await batches.run({ batchId: batch.id, account: ACCOUNT, ...tg })).batch.status).toBe(
      'completed',
    );
  });

  it('runs every group pending -> in_flight -> done, then refuses to approve again', async () => {
    const batches = await setup();
    const batch = await approved(batches);
    const tg = fakeTelegram();
    const seenDuringAdd: string[] = [];
    const progress: string[] = [];
    const out = await batches.run({
      batchId: batch.id,
      account: ACCOUNT,
      isMember: tg.isMember,
      add: async (g, u) => {
        // Marked in_flight, durably, before the call.
        const v = await batches.status(batch.id, ACCOUNT);
        seenDuringAdd.push(`${v.status}:${v.groups.find((x) => x.id === g)!.state}`);
        return tg.add(g, u);
      },
      onProgress: (e) => progress.push(`${e.groupId}:${e.state}`),
    });
    expect(seenDuringAdd).toEqual(['running:in_flight', 'running:in_flight', 'running:in_flight']);
    expect(progress).toEqual(['-1001001:done', '-1001002:done', '-1001003:done']);
    expect(out).toMatchObject({ processed: 3, reconciled: 0, stopped: null, retryAfterSec: null });
    expect(out.counts).toEqual({ pending: 0, in_flight: 0, done: 3, failed: 0, skipped: 0 });
    expect(out.batch.status).toBe('completed');
    expect(out.batch.runLeaseUntil).toBeNull();
    expect(out.nextStep).toMatch(/Done/);
    expect(tg.calls).toHaveLength(3);

    const again = await batches.run({ batchId: batch.id, account: ACCOUNT, ...tg });
    expect(again).toMatchObject({ processed: 0, stopped: null });
    expect(tg.calls).toHaveLength(3);
    await expect(
      batches.approve({ batchId: batch.id, account: ACCOUNT, previewHash: batch.previewHash }),
    ).rejects.toMatchObject({ code: 'BATCH_COMPLETED' });
  });

  it('already-participant is done, privacy and too-many-channels fail with their code', async () => {
    const batches = await setup();
    const batch = await approved(batches);
    const tg = fakeTelegram();
    tg.members.set('-1001001', new Set([USER.id]));
    tg.fail('-1001002', rpc('USER_PRIVACY_RESTRICTED'));
    tg.fail('-1001003', rpc('USER_CHANNELS_TOO_MUCH'));
    const out = await batches.run({ batchId: batch.id, account: ACCOUNT, ...tg });
    expect(out.batch.groups.map((g) => [g.state, g.code])).toEqual([
      ['done', 'USER_ALREADY_PARTICIPANT'],
      ['failed', 'USER_PRIVACY_RESTRICTED'],
      ['failed', 'USER_CHANNELS_TOO_MUCH'],
    ]);
    expect(out.batch.status).toBe('completed');
    expect(out.batch.lastError).toMatchObject({
      code: 'USER_CHANNELS_TOO_MUCH',
      groupId: '-1001003',
    });
    expect(out.nextStep).toMatch(/2 failed/);
  });

  it('FLOOD_WAIT keeps the group pending, pauses the batch and resumes after retry_after', async () => {
    const batches = await setup();
    const batch = await approved(batches);
    const tg = fakeTelegram();
    tg.fail('-1001002', rpc('FLOOD_WAIT_60'));
    const first = await batches.run({ batchId: batch.id, account: ACCOUNT, ...tg });
    expect(first).toMatchObject({
      stopped: 'flood',
      retryAfterSec: 60,
      errorCode: 'FLOOD_WAIT',
      processed: 2,
    });
    expect(first.batch.status).toBe('paused');
    expect(first.batch.groups.map((g) => g.state)).toEqual(['done', 'pending', 'pending']);
    expect(first.nextStep).toMatch(/retry_after 60s/);

    await clock.advance(30_000);
    const early = await batches.run({ batchId: batch.id, account: ACCOUNT, ...tg });
    expect(early).toMatchObject({ stopped: 'flood', retryAfterSec: 30, processed: 0 });
    expect(tg.calls).toHaveLength(2);

    await clock.advance(30_000);
    const done = await batches.run({ batchId: batch.id, account: ACCOUNT, ...tg });
    expect(done.batch.status).toBe('completed');
    expect(done.counts.done).toBe(3);
    expect(done.batch.groups[1]!.attempts).toBe(2);
  });

  it('SLOWMODE, an open breaker and a quota never mark a group failed', async () => {
    const batches = await setup();
    const batch = await approved(batches, [group(1)]);
    const tg = fakeTelegram();
    tg.fail(
      '-1001001',
      rpc('SLOWMODE_WAIT_10'),
      new CircuitOpenError(120),
      Object.assign(new Error('quota'), { code: 'QUOTA_EXCEEDED', retryAfterSec: 3600 }),
    );
    const waits: Array<number | null> = [];
    for (let i = 0; i < 3; i++) {
      const r = await batches.run({ batchId: batch.id, account: ACCOUNT, ...tg });
      expect(r.stopped).toBe('flood');
      expect(r.batch.groups[0]!.state).toBe('pending');
      waits.push(r.retryAfterSec);
      await clock.advance(r.retryAfterSec! * 1000);
    }
    expect(waits).toEqual([10, 120, 3600]);
    expect((await batches.run({ batchId: batch.id, account: ACCOUNT, ...tg })).batch.status).toBe(
      'completed',
    );
  });

  it('a timeout leaves the group in_flight; the next run asks isMember before adding again', async () => {
    const batches = await setup();
    const batch = await approved(batches, [group(1), group(2)]);
    const tg = fakeTelegram();
    // The first add reached Telegram but the answer was lost.
    let lostOnce = true;
    const add = async (g: string, u: string) => {
      await tg.add(g, u);
      if (g === '-1001001' && lostOnce) {
        lostOnce = false;
        throw Object.assign(new Error('request timed out'), { code: 'REQUEST_TIMEOUT' });
      }
    };
    const first = await batches.run({
      batchId: batch.id,
      account: ACCOUNT,
      isMember: tg.isMember,
      add,
    });
    expect(first).toMatchObject({
      stopped: 'flood',
      retryAfterSec: 30,
      errorCode: 'REQUEST_TIMEOUT',
    });
    expect(first.batch.groups[0]!.state).toBe('in_flight');
    await clock.advance(30_000);
    const second = await batches.run({
      batchId: batch.id,
      account: ACCOUNT,
      isMember: tg.isMember,
      add,
    });
    expect(second).toMatchObject({ reconciled: 1, processed: 1 });
    expect(second.batch.groups.map((g) => [g.state, g.code])).toEqual([
      ['done', 'RECONCILED_MEMBER'],
      ['done', null],
    ]);
    expect(tg.calls).toEqual(['-1001001', '-1001002']);
  });

  it('an in_flight group of a crashed run that did not get added goes back to pending', async () => {
    const batches = await setup({ runLeaseSec: 60 });
    const batch = await approved(batches, [group(1)]);
    const tg = fakeTelegram();
    // The process dies inside add, before Telegram saw it: the run never returns.
    const crashed = batches.run({
      batchId: batch.id,
      account: ACCOUNT,
      isMember: tg.isMember,
      add: () => new Promise(() => {}),
    });
    void crashed;
    await clock.advance(1);
    expect((await batches.status(batch.id, ACCOUNT)).groups[0]!.state).toBe('in_flight');
    await expect(batches.run({ batchId: batch.id, account: ACCOUNT, ...tg })).rejects.toMatchObject(
      {
        code: 'BATCH_BUSY',
      },
    );
    await clock.advance(60_000);
    const out = await batches.run({ batchId: batch.id, account: ACCOUNT, ...tg });
    expect(out).toMatchObject({ reconciled: 1, processed: 1 });
    expect(out.batch.groups[0]).toMatchObject({ state: 'done', code: null, attempts: 2 });
    expect(tg.calls).toEqual(['-1001001']);
  });

  it('PEER_FLOOD stops the whole batch and revokes the approval', async () => {
    const batches = await setup();
    const batch = await approved(batches);
    const tg = fakeTelegram();
    tg.fail('-1001002', rpc('PEER_FLOOD'));
    const out = await batches.run({ batchId: batch.id, account: ACCOUNT, ...tg });
    expect(out).toMatchObject({ stopped: 'peer_flood', errorCode: 'PEER_FLOOD', processed: 2 });
    expect(out.batch.status).toBe('stopped');
    expect(out.batch.groups.map((g) => g.state)).toEqual(['done', 'pending', 'pending']);
    expect(out.nextStep).toMatch(/PEER_FLOOD/);
    await expect(batches.run({ batchId: batch.id, account: ACCOUNT, ...tg })).rejects.toMatchObject(
      {
        code: 'APPROVAL_NOT_APPROVED',
      },
    );
    await batches.approve({ batchId: batch.id, account: ACCOUNT, previewHash: batch.previewHash });
    expect((await batches.run({ batchId: batch.id, account: ACCOUNT, ...tg })).batch.status).toBe(
      'completed',
    );
  });

  it('maxActions limits the calls of one run; an aborted run stops cleanly', async () => {
    const batches = await setup();
    const batch = await approved(batches);
    const tg = fakeTelegram();
    const one = await batches.run({ batchId: batch.id, account: ACCOUNT, maxActions: 1, ...tg });
    expect(one).toMatchObject({ stopped: 'max_actions', processed: 1 });
    expect(one.batch.status).toBe('approved');
    const controller = new AbortController();
    const aborted = await batches.run({
      batchId: batch.id,
      account: ACCOUNT,
      isMember: tg.isMember,
      add: async (g, u) => {
        await tg.add(g, u);
        controller.abort();
      },
      signal: controller.signal,
    });
    expect(aborted).toMatchObject({ stopped: 'aborted', processed: 1 });
    expect(aborted.counts).toMatchObject({ done: 2, pending: 1, in_flight: 0 });
    await expect(
      batches.run({ batchId: batch.id, account: ACCOUNT, maxActions: 0, ...tg }),
    ).rejects.toMatchObject({ field: 'maxActions' });
  });

  it('two concurrent runs: the second gets BATCH_BUSY with retry_after; the lease is renewed', async () => {
    const batches = await setup({ runLeaseSec: 100 });
    const batch = await approved(batches);
    const tg = fakeTelegram();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let calls = 0;
    const slow = batches.run({
      batchId: batch.id,
      account: ACCOUNT,
      isMember: tg.isMember,
      add: async (g, u) => {
        calls++;
        // 60 s per group: 180 s in all, longer than the 100 s lease, which each step renews.
        await clock.advance(60_000);
        if (calls === 2) await gate;
        return tg.add(g, u);
      },
    });
    while (calls < 2) await clock.advance(0);
    const busy = await batches
      .run({ batchId: batch.id, account: ACCOUNT, ...tg })
      .catch((e: unknown) => e);
    expect(busy).toMatchObject({ code: 'BATCH_BUSY' });
    const retry = (busy as { retryAfterSec: number }).retryAfterSec;
    expect(retry).toBeGreaterThan(30);
    expect(retry).toBeLessThanOrEqual(100);
    expect((await batches.status(batch.id, ACCOUNT)).status).toBe('running');
    release();
    expect((await slow).batch.status).toBe('completed');
    expect(tg.calls).toHaveLength(3);
  });

  it('a run that lost its lease stops and never overwrites the new holder', async () => {
    const batches = await setup({ runLeaseSec: 60 });
    const batch = await approved(batches, [group(1), group(2)]);
    const tg = fakeTelegram();
    let release!: () => void;
    const stalled = new Promise<void>((r) => (release = r));
    const first = batches.run({
      batchId: batch.id,
      account: ACCOUNT,
      isMember: tg.isMember,
      add: async (g, u) => {
        await stalled;
        return tg.add(g, u);
      },
    });
    await clock.advance(61_000);
    const second = await batches.run({ batchId: batch.id, account: ACCOUNT, ...tg });
    expect(second).toMatchObject({ reconciled: 1, processed: 2 });
    expect(second.batch.status).toBe('completed');
    release();
    const late = await first;
    expect(late.stopped).toBe('lease_lost');
    expect(late.batch.groups.map((g) => [g.state, g.code])).toEqual([
      ['done', null],
      ['done', null],
    ]);
  });

  it('expires by time alone: approve and run refuse, prune removes it', async () => {
    const batches = await setup();
    const { batch } = await batches.create({
      account: ACCOUNT,
      user: USER,
      groups: [group(1)],
      ttlHours: 2,
    });
    await clock.advance(2 * HOUR);
    expect((await batches.status(batch.id, ACCOUNT)).status).toBe('expired');
    await expect(
      batches.approve({ batchId: batch.id, account: ACCOUNT, previewHash: batch.previewHash }),
    ).rejects.toMatchObject({ code: 'BATCH_EXPIRED' });
    await expect(
      batches.run({ batchId: batch.id, account: ACCOUNT, ...fakeTelegram() }),
    ).rejects.toMatchObject({ code: 'BATCH_EXPIRED' });
    expect(await batches.prune()).toEqual({ removed: [batch.id] });
    await expect(batches.status(batch.id, ACCOUNT)).rejects.toMatchObject({
      code: 'BATCH_NOT_FOUND',
    });
  });

  it('prune: completed batches after keepCompletedHours, never a running one', async () => {
    const batches = await setup({ keepCompletedHours: 1, runLeaseSec: (200 * HOUR) / 1000 });
    const done = await approved(batches, [group(1)]);
    await batches.run({ batchId: done.id, account: ACCOUNT, ...fakeTelegram() });
    const running = await approved(batches, [group(2)]);
    const { batch: waiting } = await batches.create({
      account: ACCOUNT,
      user: USER,
      groups: [group(3)],
    });
    void batches.run({
      batchId: running.id,
      account: ACCOUNT,
      isMember: () => Promise.resolve(false),
      add: () => new Promise(() => {}),
    });
    await clock.advance(1);
    expect(await batches.prune()).toEqual({ removed: [] });
    await clock.advance(HOUR);
    expect((await batches.prune()).removed).toEqual([done.id]);
    // Past expiry, but a live lease still protects the running one.
    expect((await batches.prune(clock.now() + 168 * HOUR)).removed).toEqual([waiting.id]);
    expect((await batches.list(ACCOUNT)).map((b) => b.id)).toEqual([running.id]);
  });

  it('the allowlist: unlisted groups are refused at creation and skipped at run', async () => {
    const listed = new Set(['-1001001', '-1001002']);
    const batches = await setup({
      allowlist: { match: (p) => Promise.resolve(listed.has(p.id) || undefined) },
    });
    const out = await batches.create({
      account: ACCOUNT,
      user: USER,
      groups: [group(1), group(2), group(3)],
    });
    expect(out.refused).toEqual([{ id: '-1001003', title: 'Group 3', code: 'NOT_ALLOWLISTED' }]);
    expect(out.batch.total).toBe(2);
    await batches.approve({
      batchId: out.batch.id,
      account: ACCOUNT,
      previewHash: out.batch.previewHash,
    });
    listed.delete('-1001002');
    const tg = fakeTelegram();
    const run = await batches.run({ batchId: out.batch.id, account: ACCOUNT, ...tg });
    expect(run.batch.groups.map((g) => [g.state, g.code])).toEqual([
      ['done', null],
      ['skipped', 'NOT_ALLOWLISTED'],
    ]);
    expect(tg.calls).toEqual(['-1001001']);
    await expect(
      batches.create({ account: ACCOUNT, user: USER, groups: [group(3)] }),
    ).rejects.toMatchObject({ code: 'NOT_ALLOWLISTED' });
  });

  it('the policy gates apply to create, approve and run (D28); defaults come from the policy', async () => {
    const dataDir = await mkdtemp(path.join(root, 'data-'));
    const on = loadActionsPolicy(
      {
        TG_ACTIONS_ENABLED: '1',
        TG_ACTIONS_ALLOWED_GROUPS: '@club',
        TG_ACTIONS_BATCH_TTL_HOURS: '5',
      },
      { dataDir },
    );
    const store = await makeStore();
    const c = createManualClock();
    const enabled = createBatchStore({ store, clock: c, random: seededRandom('a'), policy: on });
    const batch = (await enabled.create({ account: ACCOUNT, user: USER, groups: [group(1)] }))
      .batch;
    expect(batch.expiresAt - batch.createdAt).toBe(5 * HOUR);

    const off = loadActionsPolicy({ TG_ACTIONS_ALLOWED_GROUPS: '@club' }, { dataDir });
    const disabled = createBatchStore({ store, clock: c, random: seededRandom('b'), policy: off });
    const tg = fakeTelegram();
    await expect(
      disabled.create({ account: ACCOUNT, user: USER, groups: [group(1)] }),
    ).rejects.toMatchObject({
      code: 'ACTIONS_DISABLED',
    });
    await expect(
      disabled.approve({ batchId: batch.id, account: ACCOUNT, previewHash: batch.previewHash }),
    ).rejects.toMatchObject({ code: 'ACTIONS_DISABLED' });
    await enabled.approve({ batchId: batch.id, account: ACCOUNT, previewHash: batch.previewHash });
    await expect(
      disabled.run({ batchId: batch.id, account: ACCOUNT, ...tg }),
    ).rejects.toMatchObject({
      code: 'ACTIONS_DISABLED',
    });
    const unsafe = loadActionsPolicy(
      {
        TG_ACTIONS_ENABLED: '1',
        TG_ACTIONS_ALLOWED_GROUPS: '@club',
        TG_ACTIONS_IDEMPOTENCY_ENABLED: '0',
      },
      { dataDir },
    );
    const blocked = createBatchStore({ store, clock: c, policy: unsafe });
    await expect(blocked.run({ batchId: batch.id, account: ACCOUNT, ...tg })).rejects.toMatchObject(
      {
        code: 'ACTIONS_UNSAFE_POLICY',
      },
    );
    expect(tg.calls).toEqual([]);
    // The status stays readable with writes off.
    expect((await disabled.status(batch.id, ACCOUNT)).status).toBe('approved');
  });

  it('batches of several stores on one state survive each other (D25)', async () => {
    const shared = await makeStore();
    const c = createManualClock();
    const one = createBatchStore({ store: shared, clock: c, random: seededRandom('one') });
    const two = createBatchStore({ store: shared, clock: c, random: seededRandom('two') });
    const a = (await one.create({ account: ACCOUNT, user: USER, groups: [group(1)] })).batch;
    const b = (await two.create({ account: ACCOUNT, user: USER, groups: [group(2)] })).batch;
    await one.approve({ batchId: a.id, account: ACCOUNT, previewHash: a.previewHash });
    await two.approve({ batchId: b.id, account: ACCOUNT, previewHash: b.previewHash });
    await Promise.all([
      one.run({ batchId: a.id, account: ACCOUNT, ...fakeTelegram() }),
      two.run({ batchId: b.id, account: ACCOUNT, ...fakeTelegram() }),
    ]);
    const views = await one.list(ACCOUNT);
    expect(views.map((v) => v.status)).toEqual(['completed', 'completed']);
    expect(new Set(views.map((v) => v.id))).toEqual(new Set([a.id, b.id]));
  });
});
