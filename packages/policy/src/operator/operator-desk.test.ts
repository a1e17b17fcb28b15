// The operator desk over a server's state: requests and batches found and decided (audited),
// pins listed (missing ones with the id they had) and forgotten (audited).
import { describe, expect, it } from 'vitest';
import { servicesWorld } from '../../test/helpers/services.js';
import { ACCOUNT, sendRequest } from '../../test/helpers/world.js';
import { createOperatorDesk } from './operator-desk.js';

describe('operator desk', () => {
  it('shows a request and records the decision in the audit trail', async () => {
    const w = await servicesWorld('operator');
    const desk = createOperatorDesk({ policy: w.policy, state: w.state, clock: w.clock });
    const a = await w.executor.preview(sendRequest('@club', 'one', { dryRun: true }));
    await w.clock.advance(1000); // pending() lists oldest first
    const b = await w.executor.preview(sendRequest('@club', 'two', { dryRun: true }));
    expect((await desk.pending()).map((v) => v.requestId)).toEqual([a.requestId, b.requestId]);
    expect(await desk.request(a.requestId!)).toMatchObject({
      status: 'pending',
      action: 'send_message',
    });
    expect((await desk.decide(a.requestId!, true, 'operator anna')).status).toBe('approved');
    expect((await desk.decide(b.requestId!, false, 'operator anna')).status).toBe('rejected');
    expect(await desk.pending()).toEqual([]);
    const decisions = (await w.audit.read({ limit: 20 })).filter(
      (e) => e.actor === 'operator anna',
    );
    expect(decisions.map((e) => `${e.event}:${String(e.request_id)}`)).toEqual([
      `approved:${a.requestId}`,
      `rejected:${b.requestId}`,
    ]);
  });

  it('finds a batch of any account and approves it as shown', async () => {
    const w = await servicesWorld('operator');
    const desk = createOperatorDesk({ policy: w.policy, state: w.state, clock: w.clock });
    const { batch } = await w.batches.create({ user: '@alice', groups: ['@club'] });
    expect(await desk.batch('batch_doesnotexist')).toBeUndefined();
    const found = await desk.batch(batch.id);
    expect(found).toMatchObject({ account: ACCOUNT, view: { id: batch.id } });
    await desk.approveBatch(found!, 'operator anna');
    expect((await w.batches.status(batch.id)).approvedBy).toBe('operator anna');
    expect((await w.audit.read({ limit: 5 })).at(-1)).toMatchObject({
      event: 'approved',
      actor: 'operator anna',
      action: 'add_member_batch',
      request_id: batch.id,
    });
  });

  it('lists pins, a missing one with the id it had, and forgets one (audited)', async () => {
    const w = await servicesWorld('operator');
    const desk = createOperatorDesk({ policy: w.policy, state: w.state, clock: w.clock });
    expect(await desk.pins()).toEqual([]);
    await w.allowlist.ensurePinned();
    const pins = await desk.pins();
    expect(pins).toContainEqual({
      account: ACCOUNT,
      entry: '@club',
      pinned: '-1001111',
      first: '-1001111',
    });
    expect(pins).toHaveLength(3);
    await w.state.delete(`allowlist-pin:${ACCOUNT}:@club`);
    expect(await desk.pins()).toContainEqual({
      account: ACCOUNT,
      entry: '@club',
      pinned: null,
      first: '-1001111',
    });
    expect(await desk.unpin('@nothing', 'operator anna')).toEqual([]);
    expect((await desk.unpin('@club', 'operator anna')).map((r) => r.entry)).toEqual(['@club']);
    expect((await desk.pins()).some((r) => r.entry === '@club')).toBe(false);
    expect((await w.audit.read({ limit: 5 })).at(-1)).toMatchObject({
      event: 'unpin',
      actor: 'operator anna',
      result: { entry: '@club', previous_id: '-1001111' },
    });
  });
});
