// Add-member batches from a tool call's view: groups resolved and checked, approval through
// each channel, and every add of a run written through the executor (audit entry for every
// outcome, the quota refunded only when the add surely did not happen, progress reported).
import { describe, expect, it } from 'vitest';
import { PHRASE } from '../../test/helpers/world.js';
import { type ServicesWorld, servicesWorld } from '../../test/helpers/services.js';
import type { BatchProgress } from '../batches/run.js';

const rpc = (name: string) => Object.assign(new Error(`400: ${name}`), { errorMessage: name });

async function created(w: ServicesWorld) {
  return w.batches.create({ user: '@alice', groups: ['@club', '-1009999'] });
}

describe('add-member batches', () => {
  it('resolves the groups by id, lists what is no group, refuses a chat as the user', async () => {
    const w = await servicesWorld('operator');
    const r = await w.batches.create({
      user: '@alice',
      groups: ['@club', '@alice', '@nobody', '-1009999', '-1001111'],
    });
    expect(r.user).toEqual({ id: '4242', title: 'Alice' });
    expect(r.batch.total).toBe(2);
    expect(r.batch.duplicatesDropped).toBe(1);
    expect(r.unresolved).toEqual([
      { group: '@alice', code: 'NOT_A_GROUP' },
      { group: '@nobody', code: 'PEER_NOT_FOUND' },
    ]);
    expect(r.nextStep).toBe(
      `A person reviews and approves it with \`ops approve ${r.batch.id}\`; then call tg_run_add_member_batch.`,
    );
    await expect(w.batches.create({ user: '@club', groups: ['@club'] })).rejects.toMatchObject({
      code: 'NOT_A_USER',
      field: 'user',
    });
    await expect(w.batches.create({ user: '@nobody', groups: ['@club'] })).rejects.toMatchObject({
      code: 'PEER_NOT_FOUND',
      field: 'user',
    });
    await expect(w.batches.create({ user: '@alice', groups: ['@alice'] })).rejects.toMatchObject({
      code: 'NO_GROUPS',
      field: 'groups',
    });
  });

  it('operator: only a person approves, out of band', async () => {
    const w = await servicesWorld('operator');
    const { batch } = await created(w);
    await expect(
      w.batches.approve({ batchId: batch.id, approvalCode: '', confirmationText: '' }),
    ).rejects.toMatchObject({
      code: 'APPROVAL_REQUIRED',
      message: `Only a person can approve: \`ops approve ${batch.id}\``,
    });
  });

  it('elicit: the person is shown the whole batch; no means nothing is approved', async () => {
    const w = await servicesWorld('elicit');
    const { batch } = await created(w);
    const ask = { batchId: batch.id, approvalCode: '', confirmationText: '' };
    await expect(w.batches.approve(ask)).rejects.toMatchObject({ code: 'APPROVAL_DECLINED' });
    expect(w.asked[0]!.message).toMatch(/^Approve this batch\?\n\nAdd user Alice \(id 4242\)/);
    expect((await w.batches.status(batch.id)).status).toBe('pending_approval');
    w.answers.push(true);
    const r = await w.batches.approve(ask);
    expect(r).toMatchObject({ approved: true, batch: { status: 'approved' } });
    expect(r.batch.approvedBy).toBe('person (elicitation)');
  });

  it('seed: a code bound to the batch goes to the operator; code and phrase approve it once', async () => {
    const w = await servicesWorld('seed');
    const { batch } = await created(w);
    const first = await w.batches.approve({
      batchId: batch.id,
      approvalCode: '',
      confirmationText: '',
    });
    expect(first).toMatchObject({ approved: false, batch: { status: 'pending_approval' } });
    expect(first.nextStep).toMatch(/^A one-time code went to the operator's terminal/);
    const { code, about } = w.codes[0]!;
    expect(about).toContain(`batch ${batch.id}, preview ${batch.previewHash.slice(0, 16)}`);
    expect(JSON.stringify(first)).not.toContain(code);
    await expect(
      w.batches.approve({ batchId: batch.id, approvalCode: code, confirmationText: 'wrong' }),
    ).rejects.toMatchObject({ code: 'CONFIRMATION_TEXT_INVALID', field: 'confirmation_text' });
    await w.clock.advance(w.policy.approvalMinAgeSec * 1000);
    const ok = await w.batches.approve({
      batchId: batch.id,
      approvalCode: code,
      confirmationText: PHRASE,
    });
    expect(ok).toMatchObject({ approved: true, batch: { approvedBy: 'person (one-time code)' } });
    const replay = await w.batches
      .approve({ batchId: batch.id, approvalCode: code, confirmationText: PHRASE })
      .catch((err: unknown) => err as { code: string });
    expect('code' in replay && replay.code).toMatch(/^APPROVAL_/);
  });

  it('each add goes through the executor: audited whatever happens, refunded only when surely not done, progress reported', async () => {
    const w = await servicesWorld('operator', { MAX_JOINS_PER_DAY: '1' });
    const { batch } = await created(w);
    await w.batchStore.approve({
      batchId: batch.id,
      account: '777000',
      previewHash: batch.previewHash,
    });
    const progress: BatchProgress[] = [];
    const run = () =>
      w.batches.run({ batchId: batch.id, maxActions: 1, onProgress: (p) => progress.push(p) });

    // Refused by Telegram: surely not done, its unit comes back.
    w.addFailures.push(rpc('CHAT_ADMIN_REQUIRED'));
    const r1 = await run();
    expect(r1.processed).toBe(1);
    expect(progress.at(-1)).toMatchObject({ processed: 1, state: 'failed' });
    expect((await w.quotas.usage()).join?.used).toBe(0);

    // Timed out: it may have happened, the unit stays spent and the group waits for a check.
    w.addFailures.push(Object.assign(new Error('no answer'), { code: 'REQUEST_TIMEOUT' }));
    await run();
    expect((await w.quotas.usage()).join?.used).toBe(1);
    const audit = (await w.audit.read({ limit: 50 })).filter((e) => e.request_id === batch.id);
    expect(audit.map((e) => `${e.event}:${String(e.error_code ?? '')}:${e.actor}`)).toEqual([
      `failed:CHAT_ADMIN_REQUIRED:batch ${batch.id}`,
      `in_doubt:REQUEST_TIMEOUT:batch ${batch.id}`,
    ]);
    expect(w.adds).toHaveLength(0);

    // The next run settles the group in doubt by membership first; a failed check is logged.
    await w.clock.advance((r1.retryAfterSec ?? 30) * 1000 + 60_000);
    w.memberCheckFailures.push(new Error('network down'));
    await run();
    expect(w.warnings).toEqual([
      `batch ${batch.id}: membership check in -1009999 failed: network down`,
    ]);
  });

  it('adds to the pinned group and user', async () => {
    const w = await servicesWorld('operator');
    const { batch } = await created(w);
    await w.batchStore.approve({
      batchId: batch.id,
      account: '777000',
      previewHash: batch.previewHash,
    });
    const r = await w.batches.run({ batchId: batch.id, maxActions: 10 });
    expect(r.processed).toBe(2);
    expect(w.adds[0]).toEqual({
      group: { id: '-1001111', type: 'supergroup', accessHash: '11' },
      user: { id: '4242', type: 'user', accessHash: '42' },
    });
    expect((await w.audit.read({ limit: 50 })).filter((e) => e.event === 'executed')).toHaveLength(
      2,
    );
  });
});
